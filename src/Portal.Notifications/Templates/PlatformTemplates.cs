namespace Portal.Notifications.Templates;

/// <summary>The platform's own notification: the test message operators send to check email and SMS delivery.</summary>
internal sealed class PlatformTemplates : INotificationTemplateSource
{
    public const string TestMessage = "notifications.test";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(TestMessage, [])
        {
            // An operator checking delivery expects it at once, whatever the time.
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Portal test message",
                    "This is a test message from Portal. If you can read it, email delivery works.",
                    "<p>This is a test message from Portal.</p><p>If you can read it, email delivery works.</p>"),
                ["fr"] = new(
                    "Message d'essai de Portal",
                    "Ceci est un message d'essai de Portal. Si vous pouvez le lire, l'envoi de courriels fonctionne.",
                    "<p>Ceci est un message d'essai de Portal.</p><p>Si vous pouvez le lire, l'envoi de courriels fonctionne.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "Portal test message: SMS delivery works.",
                ["fr"] = "Message d'essai de Portal : l'envoi de SMS fonctionne.",
            },
        },
    ];
}
