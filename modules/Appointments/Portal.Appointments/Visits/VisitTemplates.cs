using Portal.Notifications;

namespace Portal.Appointments.Visits;

/// <summary>
/// The virtual visit's access code, in English and French: the code (case-sensitive), when, with whom, and the link to the
/// visit's room, which opens nothing without the code.
/// </summary>
internal sealed class VisitTemplates : INotificationTemplateSource
{
    public const string AccessCode = "appointments.visit_code";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new(AccessCode, ["clinic", "what", "when", "provider", "place", "link", "code"])
        {
            // A person is waiting for it, minutes before the visit.
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your virtual visit code for {clinic}",
                    "Your {what} with {provider}, {place}, is on {when}.\n\nAccess code (case-sensitive): {code}\n\nJoin the visit: {link}\n\n" +
                    "Use the latest Google Chrome on a computer or an Android device, or Safari on an iPhone or iPad, and close other apps that use the camera.",
                    "<p>Your {what} with {provider}, {place}, is on <strong>{when}</strong>.</p>" +
                    "<p>Access code (case-sensitive): <strong style=\"font-family:monospace;font-size:1.3em\">{code}</strong></p>" +
                    "<p><a href=\"{link}\">Join the visit</a></p>" +
                    "<p>Use the latest Google Chrome on a computer or an Android device, or Safari on an iPhone or iPad, and close other apps that use the camera.</p>"),
                ["fr"] = new(
                    "Votre code de visite virtuelle pour {clinic}",
                    "Votre {what} avec {provider}, {place}, est le {when}.\n\nCode d'accès (respectez les majuscules) : {code}\n\nRejoindre la visite : {link}\n\n" +
                    "Utilisez la dernière version de Google Chrome sur un ordinateur ou un appareil Android, ou Safari sur un iPhone ou un iPad, et fermez les autres applications qui utilisent la caméra.",
                    "<p>Votre {what} avec {provider}, {place}, est le <strong>{when}</strong>.</p>" +
                    "<p>Code d'accès (respectez les majuscules) : <strong style=\"font-family:monospace;font-size:1.3em\">{code}</strong></p>" +
                    "<p><a href=\"{link}\">Rejoindre la visite</a></p>" +
                    "<p>Utilisez la dernière version de Google Chrome sur un ordinateur ou un appareil Android, ou Safari sur un iPhone ou un iPad, et fermez les autres applications qui utilisent la caméra.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{clinic}: your virtual visit with {provider} is on {when}. Access code (case-sensitive): {code} Join: {link}",
                ["fr"] = "{clinic} : votre visite virtuelle avec {provider} est le {when}. Code d'accès (respectez les majuscules) : {code} Rejoindre : {link}",
            },
        },
    ];
}
