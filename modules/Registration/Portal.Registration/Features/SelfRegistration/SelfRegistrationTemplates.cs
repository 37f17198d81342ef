using Portal.Notifications;

namespace Portal.Registration.Features.SelfRegistration;

/// <summary>What self-registration sends: the passcode that proves a contact point, the notice to a chart that already exists, and the review's outcome.</summary>
internal sealed class SelfRegistrationTemplates : INotificationTemplateSource
{
    /// <summary>The passcode that proves the registrant controls the email address or mobile number they gave.</summary>
    public const string Passcode = "registration.self-registration-passcode";

    /// <summary>To the contact of record of the chart that already has the identifier someone registered with (A6).</summary>
    public const string AlreadyRegistered = "registration.already-registered";

    /// <summary>
    /// To the proven contact point once the passcode is checked, word for word the same whether a chart was made
    /// or the identifier was already a patient's (A6).
    /// </summary>
    public const string Received = "registration.self-registration-received";

    /// <summary>Staff accepted the registration (or added it to the person's existing chart): they may sign in.</summary>
    public const string Accepted = "registration.self-registration-accepted";

    /// <summary>Staff rejected the registration; the reason stays with the clinic.</summary>
    public const string Rejected = "registration.self-registration-rejected";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(Passcode, ["passcode", "clinic", "minutes"])
        {
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your registration passcode for {clinic}",
                    "To finish registering with the {clinic} patient portal, enter this passcode:\n\n{passcode}\n\n" +
                    "It works once, within {minutes} minutes. Nobody from the clinic will ever ask you for it.\n\n" +
                    "If you did not try to register, you can ignore this message.",
                    "<p>To finish registering with the {clinic} patient portal, enter this passcode:</p>" +
                    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\">{passcode}</p>" +
                    "<p>It works once, within {minutes} minutes. Nobody from the clinic will ever ask you for it.</p>" +
                    "<p>If you did not try to register, you can ignore this message.</p>"),
                ["fr"] = new(
                    "Votre code d'inscription pour {clinic}",
                    "Pour terminer votre inscription au portail patient de {clinic}, entrez ce code :\n\n{passcode}\n\n" +
                    "Il ne fonctionne qu'une fois, dans les {minutes} minutes. Personne de la clinique ne vous le demandera.\n\n" +
                    "Si vous n'avez pas tenté de vous inscrire, vous pouvez ignorer ce message.",
                    "<p>Pour terminer votre inscription au portail patient de {clinic}, entrez ce code :</p>" +
                    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\">{passcode}</p>" +
                    "<p>Il ne fonctionne qu'une fois, dans les {minutes} minutes. Personne de la clinique ne vous le demandera.</p>" +
                    "<p>Si vous n'avez pas tenté de vous inscrire, vous pouvez ignorer ce message.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{passcode} is your {clinic} patient portal registration passcode. It expires in {minutes} minutes. Do not share it.",
                ["fr"] = "{passcode} est votre code d'inscription au portail patient de {clinic}. Il expire dans {minutes} minutes. Ne le communiquez à personne.",
            },
        },
        new NotificationTemplate(Received, ["clinic"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "We received your registration at {clinic}",
                    "Thank you: {clinic} received your registration with its patient portal.\n\n" +
                    "If you are already a patient of the clinic, the email address or mobile number on your chart was sent a link to sign in. " +
                    "Otherwise the clinic will review your registration and tell you here when you can sign in.",
                    "<p>Thank you: {clinic} received your registration with its patient portal.</p>" +
                    "<p>If you are already a patient of the clinic, the email address or mobile number on your chart was sent a link to sign in. " +
                    "Otherwise the clinic will review your registration and tell you here when you can sign in.</p>"),
                ["fr"] = new(
                    "Nous avons reçu votre inscription à {clinic}",
                    "Merci : {clinic} a reçu votre inscription à son portail patient.\n\n" +
                    "Si vous êtes déjà patient de la clinique, un lien de connexion a été envoyé à l'adresse courriel ou au numéro de cellulaire de votre dossier. " +
                    "Sinon, la clinique examinera votre inscription et vous dira ici quand vous pourrez vous connecter.",
                    "<p>Merci : {clinic} a reçu votre inscription à son portail patient.</p>" +
                    "<p>Si vous êtes déjà patient de la clinique, un lien de connexion a été envoyé à l'adresse courriel ou au numéro de cellulaire de votre dossier. " +
                    "Sinon, la clinique examinera votre inscription et vous dira ici quand vous pourrez vous connecter.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{clinic} received your patient portal registration. If you are already a patient, your chart's contact got a sign-in link; otherwise the clinic will review it and tell you.",
                ["fr"] = "{clinic} a reçu votre inscription au portail patient. Si vous êtes déjà patient, le contact de votre dossier a reçu un lien; sinon la clinique l'examinera et vous le dira.",
            },
        },
        new NotificationTemplate(AlreadyRegistered, ["clinic", "link"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Someone registered with your details at {clinic}",
                    "Someone just registered with the {clinic} patient portal using an identifier that is already on your chart. No new chart was made.\n\n" +
                    "If it was you, you do not need to register: sign in here with your identifier and this contact point:\n{link}\n\n" +
                    "If it was not you, call the clinic.",
                    "<p>Someone just registered with the {clinic} patient portal using an identifier that is already on your chart. No new chart was made.</p>" +
                    "<p>If it was you, you do not need to register: sign in with your identifier and this contact point.</p>" +
                    "<p><a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Sign in</a></p>" +
                    "<p>If it was not you, call the clinic.</p>"),
                ["fr"] = new(
                    "Quelqu'un s'est inscrit avec vos renseignements à {clinic}",
                    "Quelqu'un vient de s'inscrire au portail patient de {clinic} avec un identifiant qui figure déjà à votre dossier. Aucun nouveau dossier n'a été créé.\n\n" +
                    "Si c'était vous, vous n'avez pas à vous inscrire : connectez-vous ici avec votre identifiant et ces coordonnées :\n{link}\n\n" +
                    "Si ce n'était pas vous, appelez la clinique.",
                    "<p>Quelqu'un vient de s'inscrire au portail patient de {clinic} avec un identifiant qui figure déjà à votre dossier. Aucun nouveau dossier n'a été créé.</p>" +
                    "<p>Si c'était vous, vous n'avez pas à vous inscrire : connectez-vous avec votre identifiant et ces coordonnées.</p>" +
                    "<p><a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Me connecter</a></p>" +
                    "<p>Si ce n'était pas vous, appelez la clinique.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "Someone registered at {clinic} with an identifier already on your chart; no new chart was made. If it was you, sign in at {link}. If not, call the clinic.",
                ["fr"] = "Quelqu'un s'est inscrit à {clinic} avec un identifiant déjà à votre dossier; aucun nouveau dossier. Si c'était vous, connectez-vous : {link}. Sinon, appelez la clinique.",
            },
        },
        new NotificationTemplate(Accepted, ["clinic", "link"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your registration at {clinic} is accepted",
                    "{clinic} has accepted your registration. You can now sign in to the patient portal with your identifier and this contact point:\n{link}",
                    "<p>{clinic} has accepted your registration. You can now sign in to the patient portal with your identifier and this contact point.</p>" +
                    "<p><a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Sign in</a></p>"),
                ["fr"] = new(
                    "Votre inscription à {clinic} est acceptée",
                    "{clinic} a accepté votre inscription. Vous pouvez maintenant vous connecter au portail patient avec votre identifiant et ces coordonnées :\n{link}",
                    "<p>{clinic} a accepté votre inscription. Vous pouvez maintenant vous connecter au portail patient avec votre identifiant et ces coordonnées.</p>" +
                    "<p><a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Me connecter</a></p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{clinic} accepted your registration. Sign in to the patient portal at {link}",
                ["fr"] = "{clinic} a accepté votre inscription. Connectez-vous au portail patient : {link}",
            },
        },
        new NotificationTemplate(Rejected, ["clinic"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Your registration at {clinic}",
                    "{clinic} could not complete your registration with its patient portal. Please call the clinic.",
                    "<p>{clinic} could not complete your registration with its patient portal. Please call the clinic.</p>"),
                ["fr"] = new(
                    "Votre inscription à {clinic}",
                    "{clinic} n'a pas pu compléter votre inscription à son portail patient. Veuillez appeler la clinique.",
                    "<p>{clinic} n'a pas pu compléter votre inscription à son portail patient. Veuillez appeler la clinique.</p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "{clinic} could not complete your patient portal registration. Please call the clinic.",
                ["fr"] = "{clinic} n'a pas pu compléter votre inscription au portail patient. Veuillez appeler la clinique.",
            },
        },
    ];
}
