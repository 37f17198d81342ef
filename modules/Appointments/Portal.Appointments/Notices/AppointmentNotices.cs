using System.Globalization;
using Portal.Appointments.Calendar;
using Portal.Appointments.Reminders;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Notices;

/// <summary>One notice or reminder to write for an appointment.</summary>
/// <param name="CalendarMethod">REQUEST or CANCEL to attach the appointment's calendar file to the email; null for none.</param>
/// <param name="Previous">The time it had, for a change notice.</param>
internal sealed record NoticeOrder(AppointmentFacts Appointment, string Template, string DeduplicationKey, string? CalendarMethod, DateTimeOffset? Previous = null)
{
    /// <summary>Until when an offer stands, for an earlier-slot offer; its link then opens the appointment's own page.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Values set over the notice's own (a visit's access code and its room's link, say).</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }
}

/// <summary>
/// Turns appointments into notifications for their patients: by the channels each patient prefers, in their language,
/// with the clinic's wording rules (type named only when it allows), and with the calendar file on the emails that
/// book, move or cancel. A patient whose chart is inactive, or who has no address for the channel they prefer, is not told.
/// </summary>
internal sealed class AppointmentNotices(
    IPatientDirectory patients, IClinicDirectory clinics, ReminderSettingsStore settings, NoticeWordings wordings, AppointmentCalendar calendar)
{
    public static string NoticeKey(string template, Guid appointmentId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{template}:{appointmentId}:{sequence}");

    public static string ReminderKey(Guid appointmentId, DateTimeOffset startsAt, int offsetMinutes) =>
        string.Create(CultureInfo.InvariantCulture, $"{AppointmentTemplates.Reminder}:{appointmentId}:{startsAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:{offsetMinutes}");

    public async Task<IReadOnlyList<NotificationRequest>> RequestsAsync(IReadOnlyList<NoticeOrder> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var requests = new List<NotificationRequest>(orders.Count);
        foreach (var byClinic in orders.GroupBy(o => o.Appointment.ClinicId))
        {
            if (await clinics.FindByIdAsync(byClinic.Key, cancellationToken) is not { } clinic)
            {
                continue;
            }

            var rules = await settings.GetAsync(clinic.Id, cancellationToken);
            var contacts = (await patients.GetContactDetailsAsync(clinic.Id, byClinic.Select(o => o.Appointment.PatientId).Distinct().ToList(), cancellationToken))
                .ToDictionary(p => p.PatientId);
            foreach (var order in byClinic)
            {
                if (!contacts.TryGetValue(order.Appointment.PatientId, out var patient) || !patient.Active
                    || RecipientOf(patient) is not { } recipient)
                {
                    continue;
                }

                var wording = wordings.For(order.Appointment, clinic, rules.NameType, patient.Language);
                var data = wording.Data();
                if (order.Previous is { } previous)
                {
                    data["previous"] = NoticeWordings.When(previous, clinic.TimeZone, patient.Language);
                }

                if (order.Until is { } until)
                {
                    data["until"] = NoticeWordings.When(until, clinic.TimeZone, patient.Language);
                    data["link"] = $"{data["link"]}/{order.Appointment.Id}";
                }

                foreach (var (key, value) in order.Extra ?? new Dictionary<string, string>())
                {
                    data[key] = value;
                }

                requests.Add(new NotificationRequest(
                    order.Template, clinic.Id, recipient.Channels, recipient.Email, recipient.Phone, patient.Language, data, order.DeduplicationKey)
                {
                    Attachment = order.CalendarMethod is { } method && recipient.Email is not null
                        ? AppointmentCalendar.Attachment(calendar.Build(order.Appointment, clinic, wording, method, recipient.Email), method)
                        : null,
                });
            }
        }

        return requests;
    }

    private static NotificationRecipient? RecipientOf(PatientContactDetails patient) =>
        NotificationRecipient.Preferred(
            patient.Preference != ContactPreference.Sms, patient.Preference != ContactPreference.Email, patient.Email, patient.Mobile);
}
