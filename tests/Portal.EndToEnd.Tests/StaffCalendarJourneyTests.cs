using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// The demo clinic's admin signs in, finds a patient's booked appointment and another patient's request in Dr. Haddad's
/// week, approves the request, moves the booked one to a free time and cancels it with a reason; then, in French, books
/// a staff-only appointment for a third patient from a free time and marks them arrived. The database agrees at each
/// step; axe on every page visited.
/// </summary>
public sealed class StaffCalendarJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private const string Haddad = "Dr. Amira Haddad, MD";

    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_see_the_week_approve_a_request_move_and_cancel_an_appointment_then_book_one_for_a_patient_in_French()
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var booked = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 11);
        var requester = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 12);
        var walkIn = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 13);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await App.QuerySingleAsync<string>("select time_zone from settings.clinics where id = @Id", new { clinic.Id }));
        // A weekday at least two days ahead: its free times are all still to come, whatever the time now.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime).AddDays(2);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var bookedId = await InsertAsync(clinic.Id, booked.Id, At(zone, day, 9, 0), "booked");
        var requestId = await InsertAsync(clinic.Id, requester.Id, At(zone, day, 10, 0), "requested");
        var providerId = await App.QuerySingleAsync<Guid>(
            "select id from appointments.providers where clinic_id = @Id and name = 'Dr. Amira Haddad'", new { clinic.Id });

        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        await AdminSignIn.SignInAsync(page, clinic, admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Appointments", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appointments", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Provider", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Haddad });
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(date);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show calendar", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/demo/admin/appointments\?date={date}&provider={providerId}$"));
        var week = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex($"^Week of .*, {Regex.Escape(Haddad)}$") });
        await Expect(week.GetByRole(AriaRole.Columnheader)).ToHaveCountAsync(8);
        await Expect(week.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(booked.DisplayName) + ".*Follow-up visit.*Booked") })).ToBeVisibleAsync();
        await Expect(week.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(requester.DisplayName) + ".*Requested") })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "Dr. Haddad's week with a booked appointment and a request");

        // Reloading keeps the week and the provider.
        await page.ReloadAsync();
        await Expect(week.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(booked.DisplayName)) })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Region, new() { Name = "Requests waiting for approval" })
            .GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(requester.DisplayName)) }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Follow-up visit – {requester.DisplayName}", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "a requested appointment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve request", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Request approved" })).ToBeVisibleAsync();
        (await StatusAsync(requestId)).ShouldBe("booked");

        await page.Locator(".breadcrumb").GetByRole(AriaRole.Link, new() { Name = "Appointments", Exact = true }).ClickAsync();
        var dayGrid = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex($"{Regex.Escape(Haddad)}$") });
        await Expect(page).ToHaveURLAsync(new Regex(@"\?view=day&"));
        await dayGrid.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(booked.DisplayName)) }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Follow-up visit – {booked.DisplayName}", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move appointment", Exact = true }).ClickAsync();
        var times = page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex("^Free times on ") }).GetByRole(AriaRole.Radio);
        await Expect(times.First).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "moving an appointment, the free times");
        await times.Last.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to this time", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Appointment moved." })).ToBeVisibleAsync();
        (await App.QuerySingleAsync<DateTime>("select starts_at from appointments.appointments where id = @bookedId", new { bookedId }))
            .ShouldBe(At(zone, day, 15, 45).UtcDateTime);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel appointment", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cancel this appointment?", Level = 3 })).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel appointment", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Give the reason for cancelling.")).ToBeVisibleAsync();
        await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Provider away that afternoon");
        await Accessibility.AssertNoViolationsAsync(page, "cancelling an appointment, the reason");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel appointment", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Appointment cancelled." })).ToBeVisibleAsync();
        await Expect(page.GetByText("Provider away that afternoon")).ToBeVisibleAsync();
        (await App.QuerySingleAsync<(string Status, string Reason)>(
                "select status, cancel_reason as reason from appointments.appointments where id = @bookedId", new { bookedId }))
            .ShouldBe(("cancelled", "Provider away that afternoon"));
        await Accessibility.AssertNoViolationsAsync(page, "the cancelled appointment");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" }).GetByRole(AriaRole.Link, new() { Name = "Rendez-vous", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Réserver un rendez-vous", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Réserver un rendez-vous", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Trouver le patient" }).FillAsync(walkIn.HealthNumber);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Choisir ") }).First.ClickAsync();
        await page.GetByLabel("Type de rendez-vous").SelectOptionAsync(new SelectOptionValue { Label = "Examen annuel (personnel seulement)" });
        await page.GetByLabel("Professionnel", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Haddad });
        await page.GetByLabel("Jour", new() { Exact = true }).FillAsync(date);
        var free = page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex("^Heures libres le ") }).GetByRole(AriaRole.Radio);
        await Expect(free.First).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "booking for a patient, in French");
        await free.First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Réserver le rendez-vous", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Rendez-vous réservé." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Examen annuel – {walkIn.DisplayName}", Level = 1 })).ToBeVisibleAsync();
        var walkInBooking = await App.QuerySingleAsync<(Guid Id, string Status, string BookedBy, DateTime StartsAt)>(
            "select id, status, booked_by, starts_at from appointments.appointments where clinic_id = @Id and patient_id = @patientId",
            new { clinic.Id, patientId = walkIn.Id });
        walkInBooking.ShouldBe((walkInBooking.Id, "booked", "staff", At(zone, day, 9, 0).UtcDateTime));
        await page.GetByRole(AriaRole.Button, new() { Name = "Marquer arrivé", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Marqué arrivé." })).ToBeVisibleAsync();
        (await StatusAsync(walkInBooking.Id)).ShouldBe("arrived");
        await Accessibility.AssertNoViolationsAsync(page, "the appointment marked arrived, in French");

        await page.Locator(".breadcrumb").GetByRole(AriaRole.Link, new() { Name = "Rendez-vous", Exact = true }).ClickAsync();
        var french = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex($"{Regex.Escape(Haddad)}$") });
        await Expect(french.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(walkIn.DisplayName) + ".*Examen annuel.*Arrivé") })).ToBeVisibleAsync();
        await Expect(french.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(requester.DisplayName) + ".*Réservé") })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "Dr. Haddad's day, in French");
        session.ShouldHaveNoErrors();
    }

    private static DateTimeOffset At(TimeZoneInfo zone, DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>A 15-minute follow-up with Dr. Haddad at the office, as the patient booked or requested it.</summary>
    private Task<Guid> InsertAsync(Guid clinicId, Guid patientId, DateTimeOffset startsAt, string status) =>
        App.QuerySingleAsync<Guid>(
            """
            insert into appointments.appointments
                (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by,
                 created_at, updated_at, status_changed_at)
            select gen_random_uuid(), @clinicId, @patientId, p.id, t.id, l.id, @startsAt, @startsAt + interval '15 minutes',
                   tstzrange(@startsAt, @startsAt + interval '15 minutes', '[)'), @status, 'patient', now(), now(), now()
            from appointments.providers p
            join appointments.appointment_types t on t.clinic_id = p.clinic_id and t.name_en = 'Follow-up visit'
            join appointments.locations l on l.clinic_id = p.clinic_id
            where p.clinic_id = @clinicId and p.name = 'Dr. Amira Haddad'
            returning id
            """,
            new { clinicId, patientId, startsAt = startsAt.ToUniversalTime(), status });

    private Task<string> StatusAsync(Guid id) =>
        App.QuerySingleAsync<string>("select status from appointments.appointments where id = @id", new { id });
}
