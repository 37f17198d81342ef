namespace Portal.EndToEnd.Tests;

/// <summary>
/// Settings > Appointments as a clinic admin uses it: a location, a provider and an appointment type added, the provider's
/// usual week and a holiday set, then, in French, the clinic's minimum notice changed; the database holds each, and axe
/// finds nothing on any page visited.
/// </summary>
public sealed class AppointmentSetupPageTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task An_admin_adds_a_provider_and_a_type_sets_weekly_hours_and_a_holiday_and_changes_the_minimum_notice_in_French()
    {
        var clinic = await App.CreateClinicAsync();
        var holiday = $"{DateTime.UtcNow.Year + 1}-12-25";
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        await AdminSignIn.SignInAsync(page, clinic, clinic.Admin);

        await page.GetByRole(AriaRole.Link, new() { Name = "Locations", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Locations", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "Settings > Locations");
        var addLocation = page.GetByRole(AriaRole.Region, new() { Name = "Add a location" });
        await addLocation.GetByLabel("Name").FillAsync("Main office");
        await addLocation.GetByLabel("Address (optional)").FillAsync("1 King Street West");
        await addLocation.GetByRole(AriaRole.Button, new() { Name = "Add location" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Main office added." })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Providers", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "Settings > Providers");
        var addProvider = page.GetByRole(AriaRole.Region, new() { Name = "Add a provider" });
        await addProvider.GetByLabel("Name").FillAsync("Dr. Nora Patel");
        await addProvider.GetByLabel("Title (optional)").FillAsync("Family physician");
        await addProvider.GetByLabel("Languages spoken").FillAsync("en, fr");
        await addProvider.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dr. Nora Patel added." })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Appointment types", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appointment types", Level = 1 })).ToBeVisibleAsync();
        var addType = page.GetByRole(AriaRole.Region, new() { Name = "Add an appointment type" });
        await addType.GetByLabel("Name in English").FillAsync("Knee check");
        await addType.GetByLabel("Name in French").FillAsync("Examen du genou");
        await addType.GetByLabel("Length", new() { Exact = true }).FillAsync("45");
        await addType.GetByLabel("Dr. Nora Patel").CheckAsync();
        await addType.GetByLabel("Free time after (minutes)").FillAsync("10");
        await Accessibility.AssertNoViolationsAsync(page, "Settings > Appointment types, filled in");
        await addType.GetByRole(AriaRole.Button, new() { Name = "Add appointment type" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Knee check added." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "45 minutes" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Providers", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Hours of Dr. Nora Patel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hours of Dr. Nora Patel", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add hours on Monday" }).ClickAsync();
        var monday = page.GetByRole(AriaRole.Group, new() { Name = "Monday" });
        await monday.GetByLabel("From").FillAsync("09:00");
        await monday.GetByLabel("To").FillAsync("12:30");
        await Expect(monday.GetByLabel("Location")).ToHaveValueAsync(await App.QuerySingleAsync<string>(
            "select id::text from appointments.locations where clinic_id = @id", new { id = clinic.Id }));
        await Accessibility.AssertNoViolationsAsync(page, "a provider's hours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save usual week" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Usual week saved." })).ToBeVisibleAsync();

        await page.GetByLabel("First day").FillAsync(holiday);
        await page.GetByLabel("Reason (optional)").FillAsync("Christmas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add change" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Change added." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Christmas" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Règles de réservation", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Règles de réservation", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Préavis minimal", new() { Exact = true })).ToHaveValueAsync("2");
        await Accessibility.AssertNoViolationsAsync(page, "Settings > Booking rules in French");
        await page.GetByLabel("Préavis minimal", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("Préavis minimal : unité").SelectOptionAsync("days");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les règles de réservation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Règles de réservation enregistrées." })).ToBeVisibleAsync();
        session.ShouldHaveNoErrors();

        var id = clinic.Id;
        (await App.QuerySingleAsync<(string, string, string)>(
            "select name, title, array_to_string(languages, ',') from appointments.providers where clinic_id = @id", new { id }))
            .ShouldBe(("Dr. Nora Patel", "Family physician", "en,fr"));
        (await App.QuerySingleAsync<(string, int, int, string, bool, long)>(
            """
            select t.name_fr, t.duration_minutes, t.buffer_after_minutes, t.mode, t.bookable_online,
                   (select count(*) from appointments.type_providers p where p.type_id = t.id)
            from appointments.appointment_types t where t.clinic_id = @id
            """,
            new { id }))
            .ShouldBe(("Examen du genou", 45, 10, "in_person", true, 1L));
        (await App.QuerySingleAsync<(int, string, string)>(
            "select weekday::int, start_time::text, end_time::text from appointments.weekly_availability where clinic_id = @id", new { id }))
            .ShouldBe((1, "09:00:00", "12:30:00"));
        (await App.QuerySingleAsync<(string, string, string, string?)>(
            "select kind, starts_on::text, ends_on::text, start_time::text from appointments.availability_exceptions where clinic_id = @id", new { id }))
            .ShouldBe(("unavailable", holiday, holiday, null));
        (await App.QuerySingleAsync<int>("select min_notice_minutes from appointments.booking_rules where clinic_id = @id", new { id }))
            .ShouldBe(1440);
    }
}
