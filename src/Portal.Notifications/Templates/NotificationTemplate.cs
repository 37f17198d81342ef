namespace Portal.Notifications;

/// <summary>An email in one language. <see cref="Html"/> is the body's HTML fragment; the layout around it is shared.</summary>
public sealed record EmailContent(string Subject, string Text, string Html);

/// <summary>
/// A kind of notification, in English and French: its subject and bodies with <c>{placeholders}</c>
/// for exactly the values in <see cref="DataKeys"/>. Values are HTML-encoded in the HTML body.
/// </summary>
public sealed record NotificationTemplate(string Key, IReadOnlyList<string> DataKeys)
{
    /// <summary>Sent even during a clinic's SMS quiet hours, and ahead of routine notifications waiting to go: passcodes, say, that a person waits for.</summary>
    public bool ExemptFromQuietHours { get; init; }

    /// <summary>The email, by language (en, fr); null when this kind is never emailed.</summary>
    public IReadOnlyDictionary<string, EmailContent>? Email { get; init; }

    /// <summary>The SMS text, by language (en, fr); null when this kind is never sent by SMS.</summary>
    public IReadOnlyDictionary<string, string>? Sms { get; init; }

    public bool Supports(NotificationChannels channel) => channel switch
    {
        NotificationChannels.Email => Email is not null,
        NotificationChannels.Sms => Sms is not null,
        _ => Email is not null && Sms is not null,
    };
}

/// <summary>Templates a module contributes; found in the module assemblies.</summary>
public interface INotificationTemplateSource
{
    IEnumerable<NotificationTemplate> Templates { get; }
}
