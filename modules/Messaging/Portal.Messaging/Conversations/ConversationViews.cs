using System.ComponentModel;
using Portal.Identity.Contracts;
using Portal.Messaging.Features.UploadRequests;
using Portal.Messaging.Notifications;
using Portal.Notifications;
using Portal.Registration.Contracts;

namespace Portal.Messaging.Conversations;

internal sealed record PatientRef(Guid Id, string DisplayName);

/// <param name="DisplayName">Null when the account is gone or disabled.</param>
internal sealed record StaffRef(Guid Id, string? DisplayName);

/// <summary>A conversation as the clinic's inbox lists it.</summary>
/// <param name="UnreadReplies">Patient replies no staff member has read yet.</param>
internal sealed record ConversationSummary(
    Guid Id,
    PatientRef Patient,
    string Subject,
    string Status,
    bool RepliesAllowed,
    StaffRef? AssignedTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt,
    int UnreadReplies,
    [property: Description(
        "For a conversation that asks the patient for photos, where its upload request stands: open, answered, expired or closed; null for any other conversation.")]
    string? UploadRequestState);

internal sealed record ConversationPage(IReadOnlyList<ConversationSummary> Items, int Offset, int Limit, bool HasMore);

/// <summary>How the patient was told of a staff message on one channel.</summary>
internal sealed record MessageNotificationView(
    [property: Description("email or sms.")] string Channel,
    [property: Description("The address or number it went to, masked (j•••@example.com, +1•••••••123).")] string Recipient,
    [property: Description(
        "queued (waiting, held for quiet hours, or being tried again), sent (handed to the mail server or the SMS provider), " +
        "delivered (the SMS provider says it reached the phone) or failed (given up on, or the provider says it could not be delivered).")]
    string State,
    [property: Description("Why it failed, in the provider's or mail server's words; null unless failed.")] string? Reason,
    [property: Description("When the state last changed.")] DateTimeOffset UpdatedAt);

/// <param name="AuthorKind"><c>staff</c> or <c>patient</c>.</param>
/// <param name="ReadAt">For a staff message, when the patient first opened it; for a reply, when staff first read it.</param>
/// <param name="Attachments">Chart documents sent with the message, in order (for a photos message, the patient's photos); staff download them from the chart.</param>
/// <param name="Kind"><c>text</c>, <c>upload_request</c> (the clinic asks for photos) or <c>photos</c> (the patient's photos answering a request).</param>
/// <param name="UploadRequest">For an upload_request message, the request and where it stands; null otherwise.</param>
internal sealed record StaffMessageView(
    Guid Id, string AuthorKind, Guid? AuthorStaffId, string? AuthorName, string Body, DateTimeOffset SentAt, DateTimeOffset? ReadAt,
    IReadOnlyList<MessageAttachmentView> Attachments,
    [property: Description(
        "For a staff message, how the patient was told of it: one entry per channel, in channel order. Empty when the patient was not told " +
        "(no portal access, inactive, no usable contact for the preferred channel) or the notification is past the notifications' retention. " +
        "Always empty for a patient's reply. Never shown to the patient.")]
    IReadOnlyList<MessageNotificationView> Notifications,
    string Kind,
    UploadRequestView? UploadRequest);

/// <summary>A conversation as staff read it, with every message and its read receipt.</summary>
internal sealed record StaffConversationView(
    Guid Id,
    PatientRef Patient,
    string Subject,
    string Status,
    bool RepliesAllowed,
    StaffRef? AssignedTo,
    StaffRef CreatedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<StaffMessageView> Messages);

/// <summary>Turns rows into what staff see, naming patients (Registration) and staff (Identity) through their contracts.</summary>
internal sealed class ConversationViews(
    IPatientDirectory patients, IStaffAccounts staffAccounts, ConversationStore store, MessageAttachments attachments, INotificationDeliveries deliveries,
    UploadRequestStore uploadRequests, TimeProvider clock)
{
    /// <summary>A page of conversations as the inbox lists them: their patients named in one query, staff from the clinic's list.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> SummariesAsync(Guid clinicId, IReadOnlyList<ConversationPageRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var names = await PatientNamesAsync(clinicId, rows.Select(r => r.PatientId), cancellationToken);
        var staff = await StaffNamesAsync(clinicId, rows.Where(r => r.AssignedTo is not null).Select(r => r.AssignedTo!.Value), cancellationToken);
        var now = clock.GetUtcNow();
        return rows.Select(row => Summary(row, names, staff, row.UploadRequestState(now))).ToList();
    }

    public async Task<ConversationSummary> SummaryAsync(ConversationRow row, CancellationToken cancellationToken)
    {
        var request = await uploadRequests.LatestOfConversationAsync(row.ClinicId, row.Id, cancellationToken);
        return (await SummariesAsync(row.ClinicId, [ConversationPageRow.Of(row, request)], cancellationToken))[0];
    }

    public async Task<StaffConversationView> ConversationAsync(ConversationRow row, CancellationToken cancellationToken)
    {
        var names = await PatientNamesAsync(row.ClinicId, [row.PatientId], cancellationToken);
        var staff = await StaffNamesAsync(row.ClinicId, row.AssignedTo is { } assignedTo ? [assignedTo, row.CreatedBy] : [row.CreatedBy], cancellationToken);
        var messages = await store.MessagesAsync(row.ClinicId, row.Id, cancellationToken);
        var attached = await attachments.OfMessagesAsync(row.ClinicId, row.PatientId, messages, cancellationToken);
        var notifications = await NotificationsAsync(messages, cancellationToken);
        var now = clock.GetUtcNow();
        return new StaffConversationView(
            row.Id,
            Patient(row.PatientId, names),
            row.Subject,
            row.Status,
            row.RepliesAllowed,
            row.AssignedTo is { } assigned ? Staff(assigned, staff) : null,
            Staff(row.CreatedBy, staff),
            row.CreatedAt,
            messages.Select(m => new StaffMessageView(
                m.Id, m.AuthorKind, m.AuthorStaffId, m.AuthorName, m.Body, m.SentAt, m.ReadAt, MessageAttachments.Of(attached, m.Id),
                notifications.TryGetValue(MessagingTemplates.NewMessageKey(m.Id), out var told) ? told : [],
                m.Kind,
                m.UploadRequest is { } request ? UploadRequestView.From(request, row.Status, now) : null)).ToList());
    }

    // One read for every staff message of the conversation, by the key each notice was queued under.
    private async Task<IReadOnlyDictionary<string, List<MessageNotificationView>>> NotificationsAsync(
        IReadOnlyList<MessageRow> messages, CancellationToken cancellationToken)
    {
        var keys = messages.Where(m => m.AuthorKind == AuthorKinds.Staff).Select(m => MessagingTemplates.NewMessageKey(m.Id)).ToList();
        var found = await deliveries.GetByKeysAsync(keys, cancellationToken);
        return found
            .GroupBy(d => d.DeduplicationKey, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(d => new MessageNotificationView(d.Channel, d.Recipient, d.State, d.Reason, d.UpdatedAt)).ToList(),
                StringComparer.Ordinal);
    }

    public Task<IReadOnlyDictionary<Guid, string>> PatientNamesAsync(Guid clinicId, IEnumerable<Guid> patientIds, CancellationToken cancellationToken) =>
        patients.GetDisplayNamesAsync(clinicId, patientIds.Distinct().ToList(), cancellationToken);

    public Task<IReadOnlyDictionary<Guid, string>> StaffNamesAsync(Guid clinicId, IEnumerable<Guid> staffIds, CancellationToken cancellationToken) =>
        staffAccounts.GetDisplayNamesAsync(clinicId, staffIds.Distinct().ToList(), cancellationToken);

    private static ConversationSummary Summary(
        ConversationPageRow row, IReadOnlyDictionary<Guid, string> names, IReadOnlyDictionary<Guid, string> staff, string? uploadRequestState) =>
        new(
            row.Id,
            Patient(row.PatientId, names),
            row.Subject,
            row.Status,
            row.RepliesAllowed,
            row.AssignedTo is { } assigned ? Staff(assigned, staff) : null,
            row.CreatedAt,
            row.LastMessageAt,
            row.StaffUnread,
            uploadRequestState);

    // A chart that is gone still shows its conversations, under a name that says so.
    private static PatientRef Patient(Guid id, IReadOnlyDictionary<Guid, string> names) =>
        new(id, names.TryGetValue(id, out var name) ? name : "(unknown patient)");

    private static StaffRef Staff(Guid id, IReadOnlyDictionary<Guid, string> staff) =>
        new(id, staff.TryGetValue(id, out var name) ? name : null);
}
