using Portal.Notifications;

namespace Portal.Appointments.Notices;

/// <summary>
/// The Appointments module's notices and reminders, in English and French: when, with whom and where, and a link to
/// the portal's Appointments page. What the appointment is for appears only when the clinic allows it (its type's
/// name inside <c>{what}</c>); nothing else about the visit.
/// </summary>
internal sealed class AppointmentTemplates : INotificationTemplateSource
{
    public const string Booked = "appointments.booked";
    public const string Requested = "appointments.requested";
    public const string Declined = "appointments.declined";
    public const string Rescheduled = "appointments.rescheduled";
    public const string Cancelled = "appointments.cancelled";
    public const string Reminder = "appointments.reminder";
    public const string EarlierSlotOffered = "appointments.earlier_slot_offered";

    /// <summary>The data every notice takes; a change notice adds <c>previous</c>, the time it had.</summary>
    public static readonly IReadOnlyList<string> Data = ["clinic", "what", "when", "provider", "place", "link"];

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        Notice(
            Booked,
            ("Your appointment at {clinic} is booked", "Votre rendez-vous à {clinic} est confirmé"),
            ("Your {what} with {provider} at {clinic} is booked.", "Votre {what} avec {provider} à {clinic} est confirmé."),
            ("{clinic}: your {what} with {provider} is booked for {when}, {place}. Details: {link}",
                "{clinic} : votre {what} avec {provider} est confirmé pour le {when}, {place}. Détails : {link}")),
        Notice(
            Requested,
            ("We received your appointment request at {clinic}", "Nous avons reçu votre demande de rendez-vous à {clinic}"),
            ("You asked for an {what} with {provider} at {clinic}. The clinic will approve or decline it, and you will be told.",
                "Vous avez demandé un {what} avec {provider} à {clinic}. La clinique l'acceptera ou le refusera, et vous en serez avisé."),
            ("{clinic}: we received your request for an {what} with {provider} on {when}, {place}. You will be told once the clinic answers. {link}",
                "{clinic} : nous avons reçu votre demande de {what} avec {provider} le {when}, {place}. Vous serez avisé de la réponse. {link}")),
        Notice(
            Declined,
            ("Your appointment request at {clinic} was declined", "Votre demande de rendez-vous à {clinic} a été refusée"),
            ("The clinic could not accept your request for an {what} with {provider}. You may choose another time in the portal or call the clinic.",
                "La clinique n'a pas pu accepter votre demande de {what} avec {provider}. Vous pouvez choisir un autre moment dans le portail ou appeler la clinique."),
            ("{clinic}: your request for an {what} with {provider} on {when}, {place}, was declined. Choose another time: {link}",
                "{clinic} : votre demande de {what} avec {provider} le {when}, {place}, a été refusée. Choisissez un autre moment : {link}")),
        Notice(
            Rescheduled,
            ("Your appointment at {clinic} has a new time", "Votre rendez-vous à {clinic} a changé d'heure"),
            ("Your {what} with {provider} at {clinic} moved from {previous} to the time below.",
                "Votre {what} avec {provider} à {clinic} a été déplacé du {previous} au moment ci-dessous."),
            ("{clinic}: your {what} with {provider} moved from {previous} to {when}, {place}. Details: {link}",
                "{clinic} : votre {what} avec {provider} a été déplacé du {previous} au {when}, {place}. Détails : {link}"),
            withPrevious: true),
        Notice(
            Cancelled,
            ("Your appointment at {clinic} is cancelled", "Votre rendez-vous à {clinic} est annulé"),
            ("Your {what} with {provider} at {clinic} is cancelled. Its time is no longer kept for you.",
                "Votre {what} avec {provider} à {clinic} est annulé. Ce moment ne vous est plus réservé."),
            ("{clinic}: your {what} with {provider} on {when}, {place}, is cancelled. {link}",
                "{clinic} : votre {what} avec {provider} le {when}, {place}, est annulé. {link}")),
        Notice(
            Reminder,
            ("Reminder: your appointment at {clinic}", "Rappel : votre rendez-vous à {clinic}"),
            ("This is a reminder of your {what} with {provider} at {clinic}.", "Ceci est un rappel de votre {what} avec {provider} à {clinic}."),
            ("{clinic} reminder: your {what} with {provider} is on {when}, {place}. Details or changes: {link}",
                "Rappel de {clinic} : votre {what} avec {provider} est le {when}, {place}. Détails ou changements : {link}")),
        Notice(
            EarlierSlotOffered,
            ("An earlier time is free at {clinic}", "Un moment plus tôt est libre à {clinic}"),
            ("An earlier time is free for your {what} with {provider} at {clinic}, now on {previous}. It is kept for you until {until}: " +
                "accept it or say no thanks on your appointment's page. If you do nothing, your appointment stays as it is.",
                "Un moment plus tôt est libre pour votre {what} avec {provider} à {clinic}, prévu le {previous}. Il vous est réservé jusqu'au {until} : " +
                "acceptez-le ou refusez-le sur la page de votre rendez-vous. Sans réponse, votre rendez-vous reste tel quel."),
            ("{clinic}: an earlier time is free for your {what} with {provider}: {when}, {place} (now {previous}). Kept for you until {until}. " +
                "Accept or say no thanks: {link}",
                "{clinic} : un moment plus tôt est libre pour votre {what} avec {provider} : le {when}, {place} (prévu le {previous}). " +
                "Réservé pour vous jusqu'au {until}. Accepter ou refuser : {link}"),
            withPrevious: true,
            withUntil: true),
    ];

    private static NotificationTemplate Notice(
        string key, (string En, string Fr) subject, (string En, string Fr) lead, (string En, string Fr) sms, bool withPrevious = false,
        bool withUntil = false) =>
        new(key, [.. Data, .. withPrevious ? ["previous"] : Array.Empty<string>(), .. withUntil ? ["until"] : Array.Empty<string>()])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = Email(subject.En, lead.En, ("When", "With", "Where", "See your appointments"), ":"),
                ["fr"] = Email(subject.Fr, lead.Fr, ("Quand", "Avec", "Où", "Voir vos rendez-vous"), " :"),
            },
            Sms = new Dictionary<string, string> { ["en"] = sms.En, ["fr"] = sms.Fr },
        };

    private static EmailContent Email(string subject, string lead, (string When, string With, string Where, string See) label, string colon) =>
        new(
            subject,
            $"{lead}\n\n{label.When}{colon} {{when}}\n{label.With}{colon} {{provider}}\n{label.Where}{colon} {{place}}\n\n{label.See}{colon} {{link}}",
            $"<p>{lead}</p><p>{label.When}{colon} <strong>{{when}}</strong><br>{label.With}{colon} {{provider}}<br>{label.Where}{colon} {{place}}</p>" +
            $"<p><a href=\"{{link}}\">{label.See}</a></p>");
}
