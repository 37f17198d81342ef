namespace Portal.Notifications;

[Flags]
public enum NotificationChannels
{
    Email = 1,
    Sms = 2,
    EmailAndSms = Email | Sms,
}

/// <summary>
/// Something to tell a person by email, SMS or both. It names a template and gives only the values
/// the template declares: notifications carry no health details, only that something is waiting
/// and the link to it (M2, X6).
/// </summary>
/// <param name="ClinicId">The clinic it is sent for; its quiet hours and time zone apply. Null for the platform's own messages.</param>
/// <param name="Email">Where to send the email part, when <paramref name="Channels"/> includes email.</param>
/// <param name="Phone">Where to send the SMS part (E.164, e.g. +16135550123), when <paramref name="Channels"/> includes SMS.</param>
/// <param name="Language">en or fr: the recipient's preferred language.</param>
/// <param name="DeduplicationKey">Stable for the event it announces: queuing the same key twice sends once.</param>
public sealed record NotificationRequest(
    string TemplateKey,
    Guid? ClinicId,
    NotificationChannels Channels,
    string? Email,
    string? Phone,
    string Language,
    IReadOnlyDictionary<string, string> Data,
    string DeduplicationKey)
{
    /// <summary>Not to be sent before this time (a reminder for tomorrow, say).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>A file the email carries (a calendar invitation, say); the SMS never does. Encrypted until sent, then erased.</summary>
    public NotificationAttachment? Attachment { get; init; }
}

/// <summary>One file attached to an email notification, at most <see cref="MaxBytes"/>.</summary>
/// <param name="FileName">The name the recipient sees, e.g. <c>appointment.ics</c>.</param>
/// <param name="ContentType">The MIME type with its parameters, e.g. <c>text/calendar; method=REQUEST; charset=utf-8</c>.</param>
public sealed record NotificationAttachment(string FileName, string ContentType, byte[] Content)
{
    public const int MaxBytes = 256 * 1024;
}

/// <summary>Queues notifications in the caller's transaction (checklist R1): a change that rolls back sends nothing.</summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Queues one row per channel and returns their ids; a channel already queued under the same
    /// deduplication key is skipped. Throws <see cref="ArgumentException"/> for a request no template
    /// can render: an unknown template, missing or extra data, or a missing address.
    /// </summary>
    Task<IReadOnlyList<Guid>> EnqueueAsync(NotificationRequest request, CancellationToken cancellationToken);

    /// <summary>Queues many at once (reminders for a day, say) with one round trip.</summary>
    Task<IReadOnlyList<Guid>> EnqueueManyAsync(IReadOnlyCollection<NotificationRequest> requests, CancellationToken cancellationToken);

    /// <summary>
    /// Takes back, in the caller's transaction, what is queued under these keys and not yet being sent (waiting,
    /// or held for quiet hours): a reminder of an appointment just cancelled, say. Returns how many rows it removed.
    /// </summary>
    Task<int> WithdrawAsync(IReadOnlyCollection<string> deduplicationKeys, CancellationToken cancellationToken);
}
