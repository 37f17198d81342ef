using Portal.Notifications;

namespace Portal.Messaging.Notifications;

/// <summary>The Messaging module's notifications: that something waits, never what (M2, X6).</summary>
internal sealed class MessagingTemplates : INotificationTemplateSource
{
    /// <summary>A new message from the clinic: its Read message link and quick passcode, no subject, body or attachment names.</summary>
    public const string NewMessage = "messaging.new-message";

    /// <summary>The deduplication key of the new-message notification of one message: one notice per message, and how its delivery state is found.</summary>
    public static string NewMessageKey(Guid messageId) => $"{NewMessage}:{messageId}";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(NewMessage, ["clinic", "link", "passcode", "validity"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "You have a new message from {clinic}",
                    "You have a new message from {clinic} in your patient portal.\n\n" +
                    "Read message: {link}\n\n" +
                    "Quick passcode: {passcode}\n\n" +
                    "Enter the quick passcode with your date of birth on the page of the link. It works once, within {validity}. " +
                    "Nobody from the clinic will ever ask you for it.",
                    "<p>You have a new message from {clinic} in your patient portal.</p>" +
                    "<p><a href=\"{link}\">Read message</a></p>" +
                    "<p>Quick passcode: <strong>{passcode}</strong></p>" +
                    "<p>Enter the quick passcode with your date of birth on the page of the link. It works once, within {validity}. " +
                    "Nobody from the clinic will ever ask you for it.</p>"),
                ["fr"] = new(
                    "Vous avez un nouveau message de {clinic}",
                    "Vous avez un nouveau message de {clinic} dans votre portail patient.\n\n" +
                    "Lire le message : {link}\n\n" +
                    "Code d'accès rapide : {passcode}\n\n" +
                    "Entrez le code d'accès rapide avec votre date de naissance sur la page du lien. Il fonctionne une fois, pendant {validity}. " +
                    "Personne de la clinique ne vous le demandera.",
                    "<p>Vous avez un nouveau message de {clinic} dans votre portail patient.</p>" +
                    "<p><a href=\"{link}\">Lire le message</a></p>" +
                    "<p>Code d'accès rapide : <strong>{passcode}</strong></p>" +
                    "<p>Entrez le code d'accès rapide avec votre date de naissance sur la page du lien. Il fonctionne une fois, pendant {validity}. " +
                    "Personne de la clinique ne vous le demandera.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "You have a new message from {clinic}. Read it: {link} Quick passcode: {passcode} (works once, within {validity}).",
                ["fr"] = "Vous avez un nouveau message de {clinic}. Lisez-le : {link} Code d'accès rapide : {passcode} (valide une fois, pendant {validity}).",
            },
        },
    ];
}
