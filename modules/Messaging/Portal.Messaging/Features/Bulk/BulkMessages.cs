using System.Text.Json;
using FluentValidation;
using Portal.Messaging.Notifications;
using Portal.Registration.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Results;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Messaging.Features.Bulk;

/// <summary>The group a bulk message goes to, in the patient search's terms.</summary>
/// <param name="Q">The search box: name words, a date of birth, an identifier or chart number, a phone number or an email address.</param>
/// <param name="Status"><c>active</c>, <c>inactive</c> or <c>all</c> charts.</param>
/// <param name="PortalAccess"><c>yes</c>, <c>no</c> or <c>any</c>.</param>
/// <param name="BornBefore">Only patients born before this date.</param>
/// <param name="BornOnOrAfter">Only patients born on or after this date.</param>
internal sealed record BulkGroup(string? Q, string Status, string PortalAccess, DateOnly? BornBefore, DateOnly? BornOnOrAfter)
{
    public static IReadOnlyList<string> Statuses { get; } = ["active", "inactive", "all"];

    public static IReadOnlyList<string> PortalAccessChoices { get; } = ["yes", "no", "any"];

    public PatientGroupFilter ToFilter() => new(
        string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
        Status switch { "active" => true, "inactive" => false, _ => null },
        PortalAccess switch { "yes" => true, "no" => false, _ => null },
        BornBefore,
        BornOnOrAfter);
}

internal sealed class BulkGroupValidator : AbstractValidator<BulkGroup>
{
    public BulkGroupValidator()
    {
        RuleFor(x => x.Q).MaximumLength(100).Must(q => q is null || StrictStringConverter.IsAcceptable(q)).WithErrorCode("invalid");
        RuleFor(x => x.Status).NotNull().IsOneOf(BulkGroup.Statuses).WithErrorCode("invalid_choice");
        RuleFor(x => x.PortalAccess).NotNull().IsOneOf(BulkGroup.PortalAccessChoices).WithErrorCode("invalid_choice");
        RuleFor(x => x.BornBefore).GreaterThan(x => x.BornOnOrAfter)
            .When(x => x.BornBefore is not null && x.BornOnOrAfter is not null)
            .WithErrorCode("empty_range").WithMessage("Born before must come after born on or after.");
    }
}

/// <summary>Where a bulk message has got. <c>processed</c> is <c>sent + skipped</c>.</summary>
internal sealed record BulkMessageView(
    Guid Id,
    string Subject,
    string Body,
    bool AllowReplies,
    BulkGroup Group,
    string State,
    int Selected,
    int Processed,
    int Sent,
    int Skipped,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Failure);

internal sealed record BulkMessagePage(IReadOnlyList<BulkMessageView> Items, int Offset, int Limit, bool HasMore);

internal static class BulkStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static bool IsFinished(string state) => state is Completed or Cancelled or Failed;
}

internal static class BulkMessageErrors
{
    public static readonly Error NotFound = Error.NotFound("bulk_message_not_found", "There is no such bulk message.");

    public static readonly Error Finished = Error.Conflict("bulk_message_finished", "This bulk message has already finished; there is nothing left to cancel.");

    public static readonly Error EmptyGroup = Error.Field("group", "group_empty", "No patient of the clinic is in this group.");
}

internal static class BulkMessageAudit
{
    public const string Target = "bulk_message";

    public const string Started = "messaging.bulk.started";
    public const string ChunkSent = "messaging.bulk.chunk_sent";
    public const string Cancelled = "messaging.bulk.cancelled";
    public const string Failed = "messaging.bulk.failed";
    public const string Viewed = "messaging.bulk.viewed";
    public const string Listed = "messaging.bulk.listed";
    public const string RecipientsViewed = "messaging.bulk.recipients_viewed";
}

/// <summary>The <c>Portal:Messaging:Bulk</c> configuration section.</summary>
internal sealed class BulkMessageOptions
{
    /// <summary>Patients handled in one transaction: their conversations, messages, links and notifications commit together.</summary>
    public int ChunkSize { get; set; } = 500;
}

internal sealed record BulkMessageRow(
    Guid Id,
    Guid ClinicId,
    string Subject,
    string Body,
    bool RepliesAllowed,
    string Filter,
    string State,
    int Selected,
    int Sent,
    int Skipped,
    Guid? LastPatientId,
    Guid CreatedBy,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Failure)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public BulkGroup Group => JsonSerializer.Deserialize<BulkGroup>(Filter, Json)!;

    public static string Serialize(BulkGroup group) => JsonSerializer.Serialize(group, Json);

    public BulkMessageView ToView() => new(
        Id, Subject, Body, RepliesAllowed, Group, State, Selected, Sent + Skipped, Sent, Skipped, CreatedByName, CreatedAt, StartedAt, FinishedAt, Failure);
}

/// <summary>The SQL of bulk messages the slices share. Every query names the clinic.</summary>
internal sealed class BulkMessageStore(IDbSession db)
{
    public const string Columns =
        "b.id, b.clinic_id, b.subject, b.body, b.replies_allowed, b.filter::text as filter, b.state, b.selected, b.sent, b.skipped, " +
        "b.last_patient_id, b.created_by, b.created_by_name, b.created_at, b.started_at, b.finished_at, b.failure";

    public Task<BulkMessageRow?> FindAsync(Guid clinicId, Guid id, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<BulkMessageRow>(
            $"select {Columns} from messaging.bulk_messages b where b.clinic_id = @clinicId and b.id = @id" + (forUpdate ? " for update" : string.Empty),
            new { clinicId, id },
            cancellationToken);

    /// <summary>For the job, which has only the id: the row locked, so a cancel waits for the chunk under way.</summary>
    public Task<BulkMessageRow?> LockAsync(Guid id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<BulkMessageRow>(
            $"select {Columns} from messaging.bulk_messages b where b.id = @id for update", new { id }, cancellationToken);
}

/// <summary>Who in a group would be sent the message and who skipped, and why: what the preview shows before a send.</summary>
internal sealed record BulkGroupCount(int Selected, int WouldSend, int SkippedNoPortalAccess, int SkippedInactive, int SkippedNoUsableContact)
{
    public int Skipped => SkippedNoPortalAccess + SkippedInactive + SkippedNoUsableContact;
}

internal sealed class BulkGroupCounter(IPatientDirectory patients)
{
    private const int PageSize = 2000;

    public async Task<BulkGroupCount> CountAsync(Guid clinicId, BulkGroup group, bool portalEnabled, CancellationToken cancellationToken)
    {
        var filter = group.ToFilter();
        int selected = 0, noAccess = 0, inactive = 0, noContact = 0;
        Guid? after = null;
        while (true)
        {
            var ids = await patients.SelectGroupAsync(clinicId, filter, after, PageSize, cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            foreach (var details in await patients.GetContactDetailsAsync(clinicId, ids, cancellationToken))
            {
                selected++;
                switch (AnnouncementRule.Refusal(details, portalEnabled))
                {
                    case AnnouncementRule.NoPortalAccess: noAccess++; break;
                    case AnnouncementRule.Inactive: inactive++; break;
                    case AnnouncementRule.NoUsableContact: noContact++; break;
                }
            }

            if (ids.Count < PageSize)
            {
                break;
            }

            after = ids[^1];
        }

        return new BulkGroupCount(selected, selected - noAccess - inactive - noContact, noAccess, inactive, noContact);
    }
}
