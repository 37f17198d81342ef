using Portal.Messaging.Conversations;
using Portal.Shared.Database;

namespace Portal.Messaging.Features.Drafts;

internal sealed record DraftRow(
    Guid Id, Guid ClinicId, Guid AuthorStaffId, Guid PatientId, Guid? ConversationId, string? Subject, string Body, bool AllowReplies,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

/// <summary>A staff member's unsent message, seen only by its author.</summary>
/// <param name="ConversationId">Set for a reply in that conversation; null for a new conversation.</param>
/// <param name="AllowReplies">For a new conversation; a reply keeps its conversation's setting.</param>
/// <param name="Attachments">Chart documents that will be sent with it, in order.</param>
internal sealed record DraftView(
    Guid Id, PatientRef Patient, Guid? ConversationId, string? Subject, string Body, bool AllowReplies,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, IReadOnlyList<MessageAttachmentView> Attachments);

internal static class DraftRows
{
    private const string Columns =
        "d.id, d.clinic_id, d.author_staff_id, d.patient_id, d.conversation_id, d.subject, d.body, d.allow_replies, d.created_at, d.updated_at, d.version";

    /// <summary>The draft only when the caller wrote it; anyone else's is answered as not found.</summary>
    public static Task<DraftRow?> FindAsync(IDbSession db, Guid clinicId, Guid authorStaffId, Guid draftId, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<DraftRow>(
            $"select {Columns} from messaging.drafts d where d.clinic_id = @clinicId and d.author_staff_id = @authorStaffId and d.id = @draftId"
            + (forUpdate ? " for update" : string.Empty),
            new { clinicId, authorStaffId, draftId },
            cancellationToken);

    public static Task<IReadOnlyList<DraftRow>> ListAsync(IDbSession db, Guid clinicId, Guid authorStaffId, Guid? patientId, CancellationToken cancellationToken) =>
        db.QueryAsync<DraftRow>(
            $"""
            select {Columns} from messaging.drafts d
            where d.clinic_id = @clinicId and d.author_staff_id = @authorStaffId and (@patientId::uuid is null or d.patient_id = @patientId)
            order by d.updated_at desc, d.id desc
            limit 200
            """,
            new { clinicId, authorStaffId, patientId },
            cancellationToken);

    public static async Task<IReadOnlyList<DraftView>> ViewsAsync(
        ConversationViews views, MessageAttachments attachments, Guid clinicId, IReadOnlyList<DraftRow> rows, CancellationToken cancellationToken)
    {
        var names = await views.PatientNamesAsync(clinicId, rows.Select(r => r.PatientId), cancellationToken);
        var attached = await attachments.OfDraftsAsync(clinicId, rows.Select(r => (r.Id, r.PatientId)).ToList(), cancellationToken);
        return rows.Select(row => new DraftView(
                row.Id,
                new PatientRef(row.PatientId, names.TryGetValue(row.PatientId, out var name) ? name : "(unknown patient)"),
                row.ConversationId, row.Subject, row.Body, row.AllowReplies, row.CreatedAt, row.UpdatedAt, row.Version,
                MessageAttachments.Of(attached, row.Id)))
            .ToList();
    }
}
