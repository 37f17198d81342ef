using System.Text;
using System.Text.Json.Nodes;
using Ical.Net.CalendarComponents;
using Microsoft.Extensions.DependencyInjection;
using Portal.Appointments.Contracts;
using Portal.Appointments.Reminders;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.TestKit.Peers;

namespace Portal.Appointments.Tests;

/// <summary>A patient of a test clinic with the language and channels a notice test needs.</summary>
public sealed record NoticePatient(TestPatient Patient, string? Phone)
{
    public string Email => Patient.Email;
}

/// <summary>Patients who prefer a channel, appointment changes made the way the staff pages will make them, and the reminder job run now.</summary>
internal static class NoticeTestSupport
{
    public static async Task<NoticePatient> AddNoticePatientAsync(this PortalApp app, TestClinic clinic, string language = "en", string preference = "email")
    {
        using var staff = await app.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var email = $"notice.{Guid.NewGuid():N}@example.com";
        var mobile = "613-559-" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = RegistrationApi.NewPatient(number, "Dana");
        body["emails"] = new JsonArray(email);
        body["mobiles"] = new JsonArray(mobile);
        body["preferredContactMethod"] = preference;
        body["preferredLanguage"] = language;
        body["portalAccess"] = true;
        var chart = await staff.CreatePatientAsync(clinic, body);
        return new NoticePatient(new TestPatient(clinic, chart.GetProperty("id").GetGuid(), number, email), "+1" + mobile.Replace("-", "", StringComparison.Ordinal));
    }

    /// <summary>Runs <paramref name="change"/> and publishes <paramref name="announce"/> in one transaction, as a command does.</summary>
    public static Task PublishAsync(this PortalApp app, IIntegrationEvent announce, string? change = null, object? parameters = null) =>
        app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            if (change is not null)
            {
                await db.ExecuteAsync(change, parameters, CancellationToken.None);
            }

            await services.GetRequiredService<IIntegrationEvents>().PublishAsync(announce, CancellationToken.None);
            await db.CommitAsync(CancellationToken.None);
            return true;
        });

    /// <summary>Moves an appointment to another time of the same length, bumping its sequence, and announces it.</summary>
    public static Task MoveAsync(this PortalApp app, BookableClinic setup, Guid patientId, Guid id, DateTimeOffset from, DateTimeOffset to, TimeSpan length) =>
        app.PublishAsync(
            new AppointmentRescheduled(setup.Clinic.Id, patientId, id, setup.ProviderIds[0], from, to, to + length, ByPatient: false),
            """
            update appointments.appointments
            set starts_at = @to, ends_at = @end, occupied = tstzrange(@to, @end, '[)'), sequence = sequence + 1, updated_at = now()
            where id = @id
            """,
            new { id, to = to.ToUniversalTime(), end = (to + length).ToUniversalTime() });

    public static Task RunReminderJobAsync(this PortalApp app) =>
        app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<AppointmentReminderJob>().RunAsync(CancellationToken.None);
            return true;
        });

    /// <summary>Moves the app's clock forward to <paramref name="at"/>.</summary>
    public static void MoveClockTo(this PortalApp app, DateTimeOffset at)
    {
        var now = app.Clock.GetUtcNow();
        now.ShouldBeLessThan(at, "the clock only moves forward");
        app.Clock.Advance(at - now);
    }

    /// <summary>The reminders queued for one appointment, by their deduplication keys.</summary>
    public static Task<IReadOnlyList<string>> ReminderKeysAsync(this PortalApp app, Guid appointmentId) =>
        app.QueryAsync<string>(
            "select distinct deduplication_key from notifications.outbox where deduplication_key like @prefix order by 1",
            new { prefix = $"appointments.reminder:{appointmentId}:%" });

    /// <summary>The calendar attached to an email, parsed back by Ical.Net.</summary>
    public static (Ical.Net.Calendar Calendar, CalendarEvent Event) Invitation(this ReceivedEmail email)
    {
        var part = email.Parts.Single(p => p.ContentType == "text/calendar");
        part.IsAttachment.ShouldBeTrue();
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(part.Content.Span))!;
        return (calendar, calendar.Events.Single());
    }

    public static Ical.Net.Calendar ParseCalendar(string ics) => Ical.Net.Calendar.Load(ics)!;
}
