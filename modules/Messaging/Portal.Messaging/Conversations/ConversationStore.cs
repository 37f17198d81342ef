using Portal.Messaging.Features.UploadRequests;
using Portal.Shared.Database;

namespace Portal.Messaging.Conversations;

internal sealed record ConversationRow(
    Guid Id,
    Guid ClinicId,
    Guid PatientId,
    string Subject,
    bool RepliesAllowed,
    string Status,
    Guid? AssignedTo,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt,
    int StaffUnread,
    int PatientUnread);

/// <summary>A conversation in a list, with its latest upload request's dates (both null without one), read with the page in one statement.</summary>
internal sealed record ConversationPageRow(
    Guid Id,
    Guid ClinicId,
    Guid PatientId,
    string Subject,
    bool RepliesAllowed,
    string Status,
    Guid? AssignedTo,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt,
    int StaffUnread,
    int PatientUnread,
    DateTimeOffset? UploadRequestExpiresAt,
    DateTimeOffset? UploadRequestAnsweredAt)
{
    public static ConversationPageRow Of(ConversationRow c, UploadRequestRow? request) =>
        new(c.Id, c.ClinicId, c.PatientId, c.Subject, c.RepliesAllowed, c.Status, c.AssignedTo, c.CreatedBy, c.CreatedAt, c.LastMessageAt,
            c.StaffUnread, c.PatientUnread, request?.ExpiresAt, request?.AnsweredAt);

    /// <summary>Where the conversation's upload request stands, or null when it has none.</summary>
    public string? UploadRequestState(DateTimeOffset now) =>
        UploadRequestExpiresAt is { } expires ? UploadRequestStates.Of(UploadRequestAnsweredAt, expires, Status, now) : null;
}

/// <param name="DocumentIds">The chart documents attached to the message, in order.</param>
/// <param name="UploadRequest">For an upload_request message, its request.</param>
internal sealed record MessageRow(
    Guid Id,
    string AuthorKind,
    Guid? AuthorStaffId,
    string? AuthorName,
    string Body,
    DateTimeOffset SentAt,
    DateTimeOffset? ReadAt,
    string Kind,
    IReadOnlyList<Guid> DocumentIds,
    UploadRequestRow? UploadRequest);

/// <summary>What a message is: <c>text</c>, a clinic's <c>upload_request</c>, or the patient's <c>photos</c> answering one.</summary>
internal static class MessageKinds
{
    public const string Text = "text";
    public const string UploadRequest = "upload_request";
    public const string Photos = "photos";
}

internal static class AuthorKinds
{
    public const string Staff = "staff";
    public const string Patient = "patient";
}

/// <summary>The SQL of conversations and messages that several slices share. Every query names the clinic.</summary>
internal sealed class ConversationStore(IDbSession db)
{
    public const string ConversationColumns =
        "c.id, c.clinic_id, c.patient_id, c.subject, c.replies_allowed, c.status, c.assigned_to, c.created_by, c.created_at, " +
        "c.last_message_at, c.staff_unread, c.patient_unread";

    /// <summary>The columns of <see cref="ConversationPageRow"/>, from <c>messaging.conversations c</c> and <see cref="LatestUploadRequest"/>.</summary>
    public const string PageColumns =
        ConversationColumns + ", u.expires_at as upload_request_expires_at, u.answered_at as upload_request_answered_at";

    /// <summary>Joins each conversation <c>c</c> to its latest upload request <c>u</c>, if any (an index probe per listed row).</summary>
    public const string LatestUploadRequest =
        """
        left join lateral (
            select r.expires_at, r.answered_at from messaging.upload_requests r
            where r.clinic_id = c.clinic_id and r.conversation_id = c.id order by r.id desc limit 1) u on true
        """;

    public Task<ConversationRow?> FindAsync(Guid clinicId, Guid conversationId, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<ConversationRow>(
            $"select {ConversationColumns} from messaging.conversations c where c.clinic_id = @clinicId and c.id = @conversationId"
            + (forUpdate ? " for update" : string.Empty),
            new { clinicId, conversationId },
            cancellationToken);

    /// <summary>The conversation only when it is this patient's: any other is answered as not found (checklist A1).</summary>
    public Task<ConversationRow?> FindForPatientAsync(Guid clinicId, Guid patientId, Guid conversationId, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<ConversationRow>(
            $"select {ConversationColumns} from messaging.conversations c where c.clinic_id = @clinicId and c.patient_id = @patientId and c.id = @conversationId"
            + (forUpdate ? " for update" : string.Empty),
            new { clinicId, patientId, conversationId },
            cancellationToken);

    /// <summary>
    /// Every message of the conversation in order, each with its attachments' document ids and its upload request: one statement,
    /// where reading the attachments and the requests on their own took two more round trips on every opening.
    /// </summary>
    public async Task<IReadOnlyList<MessageRow>> MessagesAsync(Guid clinicId, Guid conversationId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<MessageContentRow>(
            """
            select m.id, m.author_kind, m.author_staff_id, m.author_name, m.body, m.sent_at, m.read_at, m.kind,
                   array(select a.document_id from messaging.message_attachments a
                         where a.message_id = m.id and a.clinic_id = m.clinic_id order by a.position) as document_ids,
                   r.id as request_id, r.conversation_id as request_conversation_id, r.patient_id as request_patient_id,
                   r.photos_max::int as request_photos_max, r.expires_at as request_expires_at, r.answered_at as request_answered_at,
                   r.answer_message_id as request_answer_message_id
            from messaging.messages m
            left join messaging.upload_requests r on r.message_id = m.id and r.clinic_id = m.clinic_id
            where m.clinic_id = @clinicId and m.conversation_id = @conversationId
            order by m.sent_at, m.id
            """,
            new { clinicId, conversationId },
            cancellationToken))
        .Select(row => new MessageRow(
            row.Id, row.AuthorKind, row.AuthorStaffId, row.AuthorName, row.Body, row.SentAt, row.ReadAt, row.Kind, (Guid[])row.DocumentIds,
            row.RequestId is { } requestId
                ? new UploadRequestRow(
                    requestId, clinicId, row.RequestConversationId!.Value, row.Id, row.RequestPatientId!.Value, row.RequestPhotosMax!.Value,
                    row.RequestExpiresAt!.Value, row.RequestAnsweredAt, row.RequestAnswerMessageId)
                : null))
        .ToList();

    // Npgsql reads a uuid[] column as an Array, which Dapper matches only to a parameter of that type.
    private sealed record MessageContentRow(
        Guid Id,
        string AuthorKind,
        Guid? AuthorStaffId,
        string? AuthorName,
        string Body,
        DateTimeOffset SentAt,
        DateTimeOffset? ReadAt,
        string Kind,
        Array DocumentIds,
        Guid? RequestId,
        Guid? RequestConversationId,
        Guid? RequestPatientId,
        int? RequestPhotosMax,
        DateTimeOffset? RequestExpiresAt,
        DateTimeOffset? RequestAnsweredAt,
        Guid? RequestAnswerMessageId);

    /// <summary>Sets the receipt on the other side's unread messages and clears their counter; returns how many were new.</summary>
    public async Task<int> MarkReadAsync(
        ConversationRow conversation, string authorKind, Guid? readBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The counter is kept with every message and every read, so nothing unread needs no write.
        if ((authorKind == AuthorKinds.Patient ? conversation.StaffUnread : conversation.PatientUnread) == 0)
        {
            return 0;
        }

        var marked = await db.ExecuteAsync(
            """
            update messaging.messages set read_at = @now, read_by = @readBy
            where clinic_id = @ClinicId and conversation_id = @Id and author_kind = @authorKind and read_at is null
            """,
            new { now, readBy, conversation.ClinicId, conversation.Id, authorKind },
            cancellationToken);
        await db.ExecuteAsync(
            authorKind == AuthorKinds.Patient
                ? "update messaging.conversations set staff_unread = 0 where clinic_id = @ClinicId and id = @Id"
                : "update messaging.conversations set patient_unread = 0 where clinic_id = @ClinicId and id = @Id",
            new { conversation.ClinicId, conversation.Id },
            cancellationToken);
        return marked;
    }

    /// <summary>Adds a message and counts it as unread for the other side.</summary>
    public async Task<Guid> InsertMessageAsync(
        ConversationRow conversation, string authorKind, Guid? authorStaffId, string? authorName, string body, DateTimeOffset now, string kind,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await db.ExecuteAsync(
            """
            insert into messaging.messages (id, clinic_id, conversation_id, author_kind, author_staff_id, author_name, body, sent_at, kind)
            values (@id, @ClinicId, @ConversationId, @authorKind, @authorStaffId, @authorName, @body, @now, @kind)
            """,
            new { id, conversation.ClinicId, ConversationId = conversation.Id, authorKind, authorStaffId, authorName, body, now, kind },
            cancellationToken);
        await db.ExecuteAsync(
            authorKind == AuthorKinds.Staff
                ? "update messaging.conversations set last_message_at = @now, patient_unread = patient_unread + 1 where clinic_id = @ClinicId and id = @Id"
                : "update messaging.conversations set last_message_at = @now, staff_unread = staff_unread + 1 where clinic_id = @ClinicId and id = @Id",
            new { now, conversation.ClinicId, conversation.Id },
            cancellationToken);
        return id;
    }
}
