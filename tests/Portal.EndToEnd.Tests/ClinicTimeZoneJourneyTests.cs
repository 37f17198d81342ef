using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// The demo clinic is in Toronto and its admin's browser in Tokyo (14 hours ahead in winter, 13 in summer): the inbox,
/// a conversation, a patient's chart, the calendar and an appointment show the clinic's times, named where the
/// browser's clock reads otherwise, in English and in French. Axe on every page visited.
/// </summary>
public sealed class ClinicTimeZoneJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    // 2:02 p.m. in Toronto (EST) is 4:02 a.m. the next day in Tokyo.
    private static readonly DateTimeOffset Sent = new(2026, 12, 5, 19, 2, 0, TimeSpan.Zero);

    // 9:30 a.m. in Toronto (EDT) is 10:30 p.m. in Tokyo.
    private static readonly DateTimeOffset Changed = new(2026, 7, 1, 13, 30, 0, TimeSpan.Zero);

    private PortalApp App => fixture.App;

    [Fact]
    public async Task An_admin_whose_browser_is_in_Tokyo_sees_the_Toronto_clinics_times_in_English_and_French()
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        (await App.QuerySingleAsync<string>("select time_zone from settings.clinics where id = @Id", new { clinic.Id })).ShouldBe("America/Toronto");
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 21);
        var subject = "Your results " + Guid.NewGuid().ToString("N")[..6];
        var conversationId = await InsertConversationAsync(clinic.Id, patient.Id, admin.Id, subject);
        await App.ExecuteAsync("update registration.patients set updated_at = @Changed where id = @Id", new { Changed, patient.Id });
        var toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");
        // A weekday ahead, at 9:00 in Toronto: 11:00 p.m. (or 10:00 p.m.) in Tokyo.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, toronto).DateTime).AddDays(2);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var nine = day.ToDateTime(new TimeOnly(9, 0));
        await InsertAppointmentAsync(clinic.Id, patient.Id, new DateTimeOffset(nine, toronto.GetUtcOffset(nine)));
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await using var session = await BrowserSession.OpenAsync(browser, App, timeZone: "Asia/Tokyo");
        var page = session.Page;
        (await page.EvaluateAsync<string>("Intl.DateTimeFormat().resolvedOptions().timeZone")).ShouldBe("Asia/Tokyo");
        await AdminSignIn.SignInAsync(page, clinic, admin);

        await page.GotoAsync($"/{clinic.Slug}/admin/messages");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToContainTextAsync("December 5, 2026 at 2:02 p.m. EST");
        await Accessibility.AssertNoViolationsAsync(page, "the inbox, from Tokyo");
        await row.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = subject, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Sent December 5, 2026 at 2:02 p.m. EST")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "a conversation, from Tokyo");

        await page.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}");
        await Expect(page.GetByText("July 1, 2026 at 9:30 a.m. EDT")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "a patient's chart, from Tokyo");

        await page.GotoAsync($"/{clinic.Slug}/admin/appointments?view=day&date={date}");
        var appointment = page.GetByRole(AriaRole.Link).Filter(new() { HasText = patient.DisplayName });
        await Expect(appointment).ToContainTextAsync("9:00 a.m.–9:15 a.m.");
        await Accessibility.AssertNoViolationsAsync(page, "the calendar's day, from Tokyo");
        await appointment.ClickAsync();
        await Expect(page.Locator($"time[datetime^='{date}T09:00']"))
            .ToContainTextAsync($"at 9:00 a.m. {(toronto.IsDaylightSavingTime(nine) ? "EDT" : "EST")}");
        await Accessibility.AssertNoViolationsAsync(page, "an appointment, from Tokyo");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await page.GotoAsync($"/{clinic.Slug}/admin/messages");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = subject })).ToContainTextAsync("5 décembre 2026 à 14 h 02 HNE");
        await Accessibility.AssertNoViolationsAsync(page, "the inbox, from Tokyo, in French");
        await page.GotoAsync($"/{clinic.Slug}/admin/messages/{conversationId}");
        await Expect(page.GetByText("Envoyé le 5 décembre 2026 à 14 h 02 HNE")).ToBeVisibleAsync();
        await page.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}");
        await Expect(page.GetByText(new Regex("^1 juillet 2026 à 0?9 h 30 HAE$"))).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "a patient's chart, from Tokyo, in French");
        await page.GotoAsync($"/{clinic.Slug}/admin/appointments?view=day&date={date}");
        await Expect(page.GetByRole(AriaRole.Link).Filter(new() { HasText = patient.DisplayName })).ToContainTextAsync("9 h 00 à 9 h 15");
        await Accessibility.AssertNoViolationsAsync(page, "the calendar's day, from Tokyo, in French");
        session.ShouldHaveNoErrors();
    }

    /// <summary>A conversation the admin started with one message, sent at <see cref="Sent"/>.</summary>
    private Task<Guid> InsertConversationAsync(Guid clinicId, Guid patientId, Guid staffId, string subject) =>
        App.QuerySingleAsync<Guid>(
            """
            with conversation as (
                insert into messaging.conversations (id, clinic_id, patient_id, subject, replies_allowed, status, created_by, created_at, last_message_at)
                values (gen_random_uuid(), @clinicId, @patientId, @subject, true, 'open', @staffId, @Sent, @Sent)
                returning id)
            insert into messaging.messages (id, clinic_id, conversation_id, author_kind, author_staff_id, author_name, body, sent_at)
            select gen_random_uuid(), @clinicId, id, 'staff', @staffId, 'Demo admin', 'Your results are in.', @Sent from conversation
            returning conversation_id
            """,
            new { clinicId, patientId, staffId, subject, Sent });

    /// <summary>A 15-minute follow-up with Dr. Haddad at the office, booked by the patient.</summary>
    private Task<int> InsertAppointmentAsync(Guid clinicId, Guid patientId, DateTimeOffset startsAt) =>
        App.ExecuteAsync(
            """
            insert into appointments.appointments
                (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by,
                 created_at, updated_at, status_changed_at)
            select gen_random_uuid(), @clinicId, @patientId, p.id, t.id, l.id, @startsAt, @startsAt + interval '15 minutes',
                   tstzrange(@startsAt, @startsAt + interval '15 minutes', '[)'), 'booked', 'patient', now(), now(), now()
            from appointments.providers p
            join appointments.appointment_types t on t.clinic_id = p.clinic_id and t.name_en = 'Follow-up visit'
            join appointments.locations l on l.clinic_id = p.clinic_id
            where p.clinic_id = @clinicId and p.name = 'Dr. Amira Haddad'
            """,
            new { clinicId, patientId, startsAt = startsAt.ToUniversalTime() });
}
