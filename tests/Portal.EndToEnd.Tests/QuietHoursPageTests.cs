namespace Portal.EndToEnd.Tests;

public sealed class QuietHoursPageTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task An_admin_sets_the_clinics_SMS_quiet_hours_and_staff_see_them_read_only_in_French()
    {
        var clinic = await App.CreateClinicAsync();
        await using (var adminSession = await BrowserSession.OpenAsync(browser, App))
        {
            var page = adminSession.Page;
            await AdminSignIn.SignInAsync(page, clinic, clinic.Admin);
            await page.GetByRole(AriaRole.Link, new() { Name = "SMS quiet hours" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMS quiet hours", Level = 1 })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page, "the SMS quiet hours page");
            await page.GetByLabel("Quiet hours start").FillAsync("20:30");
            await page.GetByLabel("Quiet hours end").FillAsync("07:45");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save quiet hours" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Quiet hours saved." })).ToBeVisibleAsync();
            adminSession.ShouldHaveNoErrors();
        }

        (await App.QuerySingleAsync<(TimeSpan, TimeSpan)>(
            "select starts_at::interval, ends_at::interval from notifications.quiet_hours where clinic_id = @id", new { id = clinic.Id }))
            .ShouldBe((new TimeSpan(20, 30, 0), new TimeSpan(7, 45, 0)));

        await using var staffSession = await BrowserSession.OpenAsync(browser, App, "fr");
        var staffPage = staffSession.Page;
        await AdminSignIn.SignInAsync(staffPage, clinic, clinic.Staff, "fr");
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Heures de silence des textos" }).ClickAsync();
        await Expect(staffPage.GetByText("Seuls les propriétaires et les administrateurs de la clinique peuvent modifier les heures de silence.")).ToBeVisibleAsync();
        await Expect(staffPage.GetByLabel("Début des heures de silence")).ToHaveValueAsync("20:30");
        await Expect(staffPage.GetByLabel("Début des heures de silence")).ToBeDisabledAsync();
        await Expect(staffPage.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les heures de silence" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(staffPage, "the read-only quiet hours page in French");
        staffSession.ShouldHaveNoErrors();
    }
}
