using Portal.Notifications;

namespace Portal.Identity.Notifications;

/// <summary>The Identity module's notifications.</summary>
internal sealed class IdentityTemplates : INotificationTemplateSource
{
    /// <summary>A new staff or operator account's setup link; {place} is the clinic, or the operators for an operator.</summary>
    public const string StaffInvitation = "identity.staff-invitation";

    /// <summary>A patient's one-time sign-in passcode; sent even during SMS quiet hours.</summary>
    public const string PatientPasscode = "identity.patient-passcode";

    /// <summary>A new quick passcode for a notification link (I4); no health details, only the passcode and how long it works.</summary>
    public const string PatientLinkPasscode = "identity.patient-link-passcode";

    /// <summary>Sent to a patient's previous email address or mobile number when they replace it (C4).</summary>
    public const string PatientContactChanged = "identity.patient-contact-changed";

    /// <summary>What {place} says for an operator, who belongs to no clinic.</summary>
    public static string OperatorsPlace(string language) => language == "fr" ? "l'exploitation de Portal" : "Portal operations";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(PatientContactChanged, ["clinic"])
        {
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your contact details changed at {clinic}",
                    "The email address or mobile number of your {clinic} patient portal account was just changed, and this one no longer receives its messages.\n\n" +
                    "If you did not make this change, call the clinic.",
                    "<p>The email address or mobile number of your {clinic} patient portal account was just changed, and this one no longer receives its messages.</p>" +
                    "<p>If you did not make this change, call the clinic.</p>"),
                ["fr"] = new(
                    "Vos coordonnées ont changé à {clinic}",
                    "L'adresse courriel ou le numéro de cellulaire de votre compte du portail patient de {clinic} vient d'être changé, et celui-ci n'en recevra plus les messages.\n\n" +
                    "Si vous n'avez pas fait ce changement, appelez la clinique.",
                    "<p>L'adresse courriel ou le numéro de cellulaire de votre compte du portail patient de {clinic} vient d'être changé, et celui-ci n'en recevra plus les messages.</p>" +
                    "<p>Si vous n'avez pas fait ce changement, appelez la clinique.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "The contact details of your {clinic} patient portal account were changed; this number no longer receives its messages. Not you? Call the clinic.",
                ["fr"] = "Les coordonnées de votre compte du portail patient de {clinic} ont changé; ce numéro n'en recevra plus les messages. Pas vous? Appelez la clinique.",
            },
        },
        new NotificationTemplate(PatientLinkPasscode, ["passcode", "clinic", "validity"])
        {
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your new quick passcode for the {clinic} patient portal",
                    "You asked for a new quick passcode for the link the {clinic} patient portal sent you. It is:\n\n{passcode}\n\n" +
                    "Enter it with your date of birth on the page of that link. It works once, within {validity}, and the previous one no longer works. " +
                    "Nobody from the clinic will ever ask you for it.\n\n" +
                    "If you did not ask for it, you can ignore this message.",
                    "<p>You asked for a new quick passcode for the link the {clinic} patient portal sent you. It is:</p>" +
                    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\">{passcode}</p>" +
                    "<p>Enter it with your date of birth on the page of that link. It works once, within {validity}, and the previous one no longer works. " +
                    "Nobody from the clinic will ever ask you for it.</p>" +
                    "<p>If you did not ask for it, you can ignore this message.</p>"),
                ["fr"] = new(
                    "Votre nouveau code d'accès rapide au portail patient de {clinic}",
                    "Vous avez demandé un nouveau code d'accès rapide pour le lien que le portail patient de {clinic} vous a envoyé. Le voici :\n\n{passcode}\n\n" +
                    "Entrez-le avec votre date de naissance sur la page de ce lien. Il ne fonctionne qu'une fois, dans un délai de {validity}, et le précédent ne fonctionne plus. " +
                    "Personne de la clinique ne vous le demandera.\n\n" +
                    "Si vous ne l'avez pas demandé, vous pouvez ignorer ce message.",
                    "<p>Vous avez demandé un nouveau code d'accès rapide pour le lien que le portail patient de {clinic} vous a envoyé. Le voici :</p>" +
                    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\">{passcode}</p>" +
                    "<p>Entrez-le avec votre date de naissance sur la page de ce lien. Il ne fonctionne qu'une fois, dans un délai de {validity}, et le précédent ne fonctionne plus. " +
                    "Personne de la clinique ne vous le demandera.</p>" +
                    "<p>Si vous ne l'avez pas demandé, vous pouvez ignorer ce message.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{passcode} is your new {clinic} patient portal quick passcode. It works once, within {validity}. Do not share it.",
                ["fr"] = "{passcode} est votre nouveau code d'accès rapide au portail patient de {clinic}. Il fonctionne une fois, dans un délai de {validity}. Ne le communiquez à personne.",
            },
        },
        new NotificationTemplate(PatientPasscode, ["passcode", "clinic", "minutes"])
        {
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your passcode for the {clinic} patient portal",
                    "Your one-time passcode for the {clinic} patient portal is:\n\n{passcode}\n\n" +
                    "It works once, within {minutes} minutes. Nobody from the clinic will ever ask you for it.\n\n" +
                    "If you did not try to sign in, you can ignore this message.",
                    "<p>Your one-time passcode for the {clinic} patient portal is:</p>" +
                    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\">{passcode}</p>" +
                    "<p>It works once, within {minutes} minutes. Nobody from the clinic will ever ask you for it.</p>" +
                    "<p>If you did not try to sign in, you can ignore this message.</p>"),
                ["fr"] = new(
                    "Votre code d'accès au portail patient de {clinic}",
                    "Votre code d'accès à usage unique pour le portail patient de {clinic} est :\n\n{passcode}\n\n" +
                    "Il ne fonctionne qu'une fois, dans les {minutes} minutes. Personne de la clinique ne vous le demandera.\n\n" +
                    "Si vous n'avez pas tenté de vous connecter, vous pouvez ignorer ce message.",
                    "<p>Votre code d'accès à usage unique pour le portail patient de {clinic} est :</p>" +
                    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\">{passcode}</p>" +
                    "<p>Il ne fonctionne qu'une fois, dans les {minutes} minutes. Personne de la clinique ne vous le demandera.</p>" +
                    "<p>Si vous n'avez pas tenté de vous connecter, vous pouvez ignorer ce message.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{passcode} is your {clinic} patient portal passcode. It expires in {minutes} minutes. Do not share it.",
                ["fr"] = "{passcode} est votre code d'accès au portail patient de {clinic}. Il expire dans {minutes} minutes. Ne le communiquez à personne.",
            },
        },
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
