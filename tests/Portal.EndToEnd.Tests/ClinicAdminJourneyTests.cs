namespace Portal.EndToEnd.Tests;

public sealed class ClinicAdminJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Owner_signs_in_changes_every_portal_setting_saves_and_sees_them_after_reloading_then_the_portal_shows_the_clinic_and_its_background()
    {
        var clinic = await App.CreateClinicAsync(name: "Bellevue Family Health");
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;

        await page.GotoAsync($"/{clinic.Slug}/admin/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page");
        await page.GetByLabel("Email").FillAsync(clinic.Owner.Email);
        await page.GetByLabel("Password").FillAsync(clinic.Owner.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patient Portal", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the Patient Portal settings page");

        // Portal Billing needs the clinic's Stripe keys first.
        await page.GetByLabel("Publishable key").FillAsync("pk_test_51Hbellevue012345");
        await page.GetByLabel("Secret key", new() { Exact = true }).FillAsync("sk_test_51Hbellevue012345SECRET");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Stripe keys" }).ClickAsync();
        await Expect(page.GetByText("Stripe keys saved.")).ToBeVisibleAsync();

        foreach (var setting in Checkboxes)
        {
            await SettingCheckbox(page, setting).SetCheckedAsync(setting != "Patient Conversation Responses");
        }

        await page.GetByLabel("Select a background image").SetInputFilesAsync(new FilePayload
        {
            Name = "watermark.png",
            MimeType = "image/png",
            Buffer = TestImages.Png(240, 160, red: 30, green: 90, blue: 200),
        });
        await Expect(page.GetByText("Image uploaded. Save Portal Settings to use it.")).ToBeVisibleAsync();
        await page.GetByLabel("Patient Timeout Duration").SelectOptionAsync(new SelectOptionValue { Label = "12 hours" });
        var statuses = page.GetByRole(AriaRole.Group, new() { Name = "Appointment Statuses to Hide" });
        await statuses.GetByRole(AriaRole.Checkbox, new() { Name = "No-show" }).CheckAsync();
        await statuses.GetByRole(AriaRole.Checkbox, new() { Name = "Cancelled" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "ID and date of birth" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Portal Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Portal settings saved." })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patient Portal", Exact = true })).ToBeVisibleAsync();
        foreach (var setting in Checkboxes)
        {
            if (setting == "Patient Conversation Responses")
            {
                await Expect(SettingCheckbox(page, setting)).Not.ToBeCheckedAsync();
            }
            else
            {
                await Expect(SettingCheckbox(page, setting)).ToBeCheckedAsync();
            }
        }

        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Preview of the portal background image" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Patient Timeout Duration")).ToHaveValueAsync("720");
        await Expect(statuses.GetByRole(AriaRole.Checkbox, new() { Name = "No-show" })).ToBeCheckedAsync();
        await Expect(statuses.GetByRole(AriaRole.Checkbox, new() { Name = "Cancelled" })).ToBeCheckedAsync();
        await Expect(statuses.GetByRole(AriaRole.Checkbox, new() { Name = "Booked" })).Not.ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "ID and date of birth" })).ToBeCheckedAsync();

        await page.GotoAsync($"/{clinic.Slug}/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bellevue Family Health");
        await Expect(page.GetByText("Log in to the patient portal of Bellevue Family Health", new() { Exact = false })).ToBeVisibleAsync();
        var watermark = page.Locator("img.portal-watermark");
        await Expect(watermark).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"/api/clinics/{clinic.Slug}/portal/background-images/"));
        (await watermark.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).ShouldBe(240);
        await Accessibility.AssertNoViolationsAsync(page, "the patient portal page");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task Owner_uses_the_admin_app_in_French()
    {
        var clinic = await App.CreateClinicAsync(name: "Clinique des Érables");
        await using var session = await BrowserSession.OpenAsync(browser, App, "fr");
        var page = session.Page;

        await page.GotoAsync($"/{clinic.Slug}/admin/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("fr");
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page in French");
        await page.GetByLabel("Courriel").FillAsync(clinic.Owner.Email);
        await page.GetByLabel("Mot de passe").FillAsync(clinic.Owner.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portail patient", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the settings page in French");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Accessibilité du portail", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les paramètres du portail" }).ClickAsync();
        await Expect(page.GetByText("Paramètres du portail enregistrés.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patient Portal", Exact = true })).ToBeVisibleAsync();
        await Expect(SettingCheckbox(page, "Portal Accessibility")).ToBeCheckedAsync();
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task An_admin_cannot_turn_the_portal_on_and_staff_see_the_settings_read_only()
    {
        var clinic = await App.CreateClinicAsync();
        await using (var adminSession = await BrowserSession.OpenAsync(browser, App))
        {
            await SignInAsync(adminSession.Page, clinic, clinic.Admin);
            await Expect(SettingCheckbox(adminSession.Page, "Portal Accessibility")).ToBeDisabledAsync();
            await Expect(adminSession.Page.GetByText("Only the clinic's account owner can turn the portal on.")).ToBeVisibleAsync();
            await Expect(SettingCheckbox(adminSession.Page, "Patient Registration")).ToBeEnabledAsync();
            adminSession.ShouldHaveNoErrors();
        }

        await using var staffSession = await BrowserSession.OpenAsync(browser, App);
        var page = staffSession.Page;
        await SignInAsync(page, clinic, clinic.Staff);
        await Expect(page.GetByText("Only the clinic's owners and administrators can change these settings.")).ToBeVisibleAsync();
        foreach (var setting in Checkboxes)
        {
            await Expect(SettingCheckbox(page, setting)).ToBeDisabledAsync();
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save Portal Settings" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(page, "the read-only settings page");
        staffSession.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task Staff_sign_in_and_out_with_the_keyboard_alone()
    {
        var clinic = await App.CreateClinicAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        await page.GotoAsync($"/{clinic.Slug}/admin/");
        await Expect(page.GetByLabel("Email")).ToBeVisibleAsync();

        await page.GetByLabel("Email").FocusAsync();
        await page.Keyboard.TypeAsync(clinic.Admin.Email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(clinic.Admin.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patient Portal", Exact = true })).ToBeVisibleAsync();

        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await signOut.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        (await App.QuerySingleAsync<long>(
            "select count(*) from identity.staff_sessions where user_id = @id and ended_at is null", new { id = clinic.Admin.Id })).ShouldBe(0);
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_wrong_password_is_explained_on_the_sign_in_page()
    {
        var clinic = await App.CreateClinicAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        session.AllowFailedResponse(401, $"/api/clinics/{clinic.Slug}/staff/sign-in");
        await page.GotoAsync($"/{clinic.Slug}/admin/");

        await page.GetByLabel("Email").FillAsync(clinic.Owner.Email);
        await page.GetByLabel("Password").FillAsync("not the right password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email address or password is not right.");
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page showing an error");
        session.ShouldHaveNoErrors();
    }

    private static readonly string[] Checkboxes =
    [
        "Portal Accessibility",
        "Portal Accessibility for New Patients",
        "Patient Registration",
        "Patient Conversation Responses",
        "Portal Billing",
        "Extra Searchable Identifications",
    ];

    private static ILocator SettingCheckbox(IPage page, string name) =>
        page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    private static async Task SignInAsync(IPage page, TestClinic clinic, StaffCredentials who)
    {
        await page.GotoAsync($"/{clinic.Slug}/admin/");
        await page.GetByLabel("Email").FillAsync(who.Email);
        await page.GetByLabel("Password").FillAsync(who.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patient Portal", Exact = true })).ToBeVisibleAsync();
    }
}
