using Portal.Notifications;

namespace Portal.Identity.Notifications;

/// <summary>The Identity module's notifications.</summary>
internal sealed class IdentityTemplates : INotificationTemplateSource
{
    /// <summary>A new staff or operator account's setup link; {place} is the clinic, or the operators for an operator.</summary>
    public const string StaffInvitation = "identity.staff-invitation";

    /// <summary>What {place} says for an operator, who belongs to no clinic.</summary>
    public static string OperatorsPlace(string language) => language == "fr" ? "l'exploitation de Portal" : "Portal operations";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(StaffInvitation, ["place", "link"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your Portal account: {place}",
                    "An account has been created for you in Portal, for {place}.\n\n" +
                    "Choose your password with this link within 72 hours. It works once:\n{link}\n\n" +
                    "If you were not expecting this message, you can ignore it.",
                    "<p>An account has been created for you in Portal, for {place}.</p>" +
                    "<p>Choose your password with this link within 72 hours. It works once:</p>" +
                    "<p><a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Choose my password</a></p>" +
                    "<p>If you were not expecting this message, you can ignore it.</p>"),
                ["fr"] = new(
                    "Votre compte Portal : {place}",
                    "Un compte a été créé pour vous dans Portal, pour {place}.\n\n" +
                    "Choisissez votre mot de passe avec ce lien d'ici 72 heures. Il ne fonctionne qu'une fois :\n{link}\n\n" +
                    "Si vous n'attendiez pas ce message, vous pouvez l'ignorer.",
                    "<p>Un compte a été créé pour vous dans Portal, pour {place}.</p>" +
                    "<p>Choisissez votre mot de passe avec ce lien d'ici 72 heures. Il ne fonctionne qu'une fois :</p>" +
                    "<p><a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Choisir mon mot de passe</a></p>" +
                    "<p>Si vous n'attendiez pas ce message, vous pouvez l'ignorer.</p>"),
            },
        },
    ];
}
