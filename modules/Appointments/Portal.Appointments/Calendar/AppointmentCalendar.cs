using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;
using Portal.Appointments.Notices;
using Portal.Notifications;
using Portal.Notifications.Channels;
using Portal.Shared;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Calendar;

/// <summary>
/// An appointment as an iCalendar file (X10). The UID is the same for the appointment's whole life and SEQUENCE is its
/// sequence, so a calendar that has it updates or removes it rather than adding another. Times carry the clinic's
/// TZID and its VTIMEZONE, so calendars show the clinic's wall-clock time whatever the daylight-saving rules.
/// </summary>
internal sealed class AppointmentCalendar(IOptions<PortalOptions> portal, IOptions<EmailOptions> email, TimeProvider clock)
{
    /// <summary>An invitation or its update, sent with a booking or change.</summary>
    public const string Request = "REQUEST";

    /// <summary>Takes the appointment out of the patient's calendar, sent with a cancellation.</summary>
    public const string Cancel = "CANCEL";

    /// <summary>A file the patient downloads and opens ("Add to calendar").</summary>
    public const string Publish = "PUBLISH";

    public string Uid(Guid appointmentId) => $"{appointmentId}@{portal.Value.PublicUrl.Host}";

    public string Build(AppointmentFacts appointment, ClinicRef clinic, NoticeWording wording, string method, string? attendeeEmail)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(wording);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(clinic.TimeZone);
        var calendar = new Ical.Net.Calendar { Method = method, ProductId = "-//Portal//Appointments//EN" };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(clinic.TimeZone, appointment.StartsAt.UtcDateTime.AddYears(-1), includeHistoricalData: false));
        var cancelled = method == Cancel || appointment.Status is "cancelled" or "declined";
        var calendarEvent = new CalendarEvent
        {
            Uid = Uid(appointment.Id),
            Sequence = appointment.Sequence,
            DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, "UTC"),
            DtStart = Local(appointment.StartsAt, zone, clinic.TimeZone),
            DtEnd = Local(appointment.EndsAt, zone, clinic.TimeZone),
            Summary = wording.Summary,
            Location = wording.Place,
            Description = wording.Link,
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
            Transparency = "OPAQUE",
        };
        if (method != Publish)
        {
            calendarEvent.Organizer = new Organizer($"mailto:{email.Value.FromAddress}") { CommonName = clinic.Name };
            if (attendeeEmail is not null)
            {
                calendarEvent.Attendees.Add(new Attendee($"mailto:{attendeeEmail}") { Role = "REQ-PARTICIPANT", ParticipationStatus = "ACCEPTED" });
            }
        }

        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer(calendar).SerializeToString()!;
    }

    /// <summary>The file as an email attachment, its METHOD in the content type as calendar clients look for it.</summary>
    public static NotificationAttachment Attachment(string ics, string method) =>
        new("appointment.ics", $"text/calendar; method={method}; charset=utf-8", Encoding.UTF8.GetBytes(ics));

    private static CalDateTime Local(DateTimeOffset instant, TimeZoneInfo zone, string tzId) =>
        new(DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified), tzId);
}
