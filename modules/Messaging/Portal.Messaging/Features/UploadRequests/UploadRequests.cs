using System.ComponentModel;
using Portal.Messaging.Conversations;
using Portal.Shared.Database;
using Portal.Shared.Results;

namespace Portal.Messaging.Features.UploadRequests;

internal static class UploadRequestLimits
{
    public const int PhotosMin = 1;

    public const int PhotosMax = 10;

    /// <summary>The soonest a request may expire, so the patient has time to see it.</summary>
    public static readonly TimeSpan ShortestValidity = TimeSpan.FromHours(1);

    public static readonly TimeSpan LongestValidity = TimeSpan.FromDays(90);
}

/// <summary>Where an upload request stands; open is the only state that accepts photos.</summary>
internal static class UploadRequestStates
{
    public const string Open = "open";
    public const string Answered = "answered";
    public const string Expired = "expired";
    public const string Closed = "closed";

    /// <summary>Answered wins over the rest; a closed conversation closes its request; past its time an open one has expired.</summary>
    public static string Of(UploadRequestRow request, string conversationStatus, DateTimeOffset now) =>
        Of(request.AnsweredAt, request.ExpiresAt, conversationStatus, now);

    public static string Of(DateTimeOffset? answeredAt, DateTimeOffset expiresAt, string conversationStatus, DateTimeOffset now) =>
        answeredAt is not null ? Answered
        : conversationStatus == ConversationStatus.Closed ? Closed
        : now >= expiresAt ? Expired
        : Open;
}

internal static class UploadRequestErrors
{
    public static readonly Error NotFound = Error.NotFound("upload_request_not_found", "There is no such upload request.");

    public static readonly Error Answered = Error.Conflict("upload_request_answered", "Photos were already sent for this request.");

    public static readonly Error Expired = Error.Conflict("upload_request_expired", "This upload request has expired. Ask the clinic for a new one.");

    public static readonly Error Closed = Error.Conflict("upload_request_closed", "This upload request is closed.");

    public static readonly Error NoPhotos = Error.Field("photos", "photos_required", "Choose at least one photo.");

    public static Error TooMany(int max) => Error.Field("photos", "too_many_photos", $"This request asks for at most {max} photos.");

    public static Error Refusal(string state) => state switch
    {
        UploadRequestStates.Answered => Answered,
        UploadRequestStates.Expired => Expired,
        _ => Closed,
    };
}

internal sealed record UploadRequestRow(
    Guid Id, Guid ClinicId, Guid ConversationId, Guid MessageId, Guid PatientId, int PhotosMax, DateTimeOffset ExpiresAt,
    DateTimeOffset? AnsweredAt, Guid? AnswerMessageId);

/// <summary>An upload request as both sides see it under its message.</summary>
internal sealed record UploadRequestView(
    Guid Id,
    [property: Description("How many photos may be sent, 1 to 10.")] int PhotosMax,
    DateTimeOffset ExpiresAt,
    [property: Description("open (photos may be sent), answered, expired or closed (its conversation was closed).")] string State,
    DateTimeOffset? AnsweredAt,
    [property: Description("The patient's message that carries the photos; null until answered.")] Guid? AnswerMessageId)
{
    public static UploadRequestView From(UploadRequestRow row, string conversationStatus, DateTimeOffset now) =>
        new(row.Id, row.PhotosMax, row.ExpiresAt, UploadRequestStates.Of(row, conversationStatus, now), row.AnsweredAt, row.AnswerMessageId);
}

/// <summary>The SQL of upload requests; every query names the clinic.</summary>
internal sealed class UploadRequestStore(IDbSession db)
{
    private const string Columns =
        "r.id, r.clinic_id, r.conversation_id, r.message_id, r.patient_id, r.photos_max::int as photos_max, r.expires_at, r.answered_at, r.answer_message_id";

    public Task InsertAsync(UploadRequestRow row, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into messaging.upload_requests (id, clinic_id, conversation_id, message_id, patient_id, photos_max, expires_at)
            values (@Id, @ClinicId, @ConversationId, @MessageId, @PatientId, @PhotosMax, @ExpiresAt)
            """,
            new { row.Id, row.ClinicId, row.ConversationId, row.MessageId, row.PatientId, PhotosMax = (short)row.PhotosMax, row.ExpiresAt },
            cancellationToken);

    /// <summary>The request only when it is in this conversation; the caller has already found the conversation as the patient's (A1).</summary>
    public Task<UploadRequestRow?> FindAsync(Guid clinicId, Guid conversationId, Guid requestId, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<UploadRequestRow>(
            $"select {Columns} from messaging.upload_requests r where r.clinic_id = @clinicId and r.conversation_id = @conversationId and r.id = @requestId"
            + (forUpdate ? " for update" : string.Empty),
            new { clinicId, conversationId, requestId },
            cancellationToken);

    /// <summary>The conversation's request (its latest, should there be more), or null when it has none.</summary>
    public Task<UploadRequestRow?> LatestOfConversationAsync(Guid clinicId, Guid conversationId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<UploadRequestRow>(
            $"select {Columns} from messaging.upload_requests r where r.clinic_id = @clinicId and r.conversation_id = @conversationId order by r.id desc limit 1",
            new { clinicId, conversationId },
            cancellationToken);

    public Task MarkAnsweredAsync(UploadRequestRow row, Guid answerMessageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update messaging.upload_requests set answered_at = @now, answer_message_id = @answerMessageId
            where clinic_id = @ClinicId and id = @Id and answered_at is null
            """,
            new { now, answerMessageId, row.ClinicId, row.Id },
            cancellationToken);
}
