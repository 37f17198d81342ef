using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

public sealed partial class PatientSignInJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_demo_patient_signs_in_with_their_Ontario_card_and_email_stays_logged_in_reaches_home_and_logs_out()
    {
        var (clinic, _) = await EnsureDemoClinicAsync();
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email");
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;

        await page.GotoAsync("/demo/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page");
        await page.GetByLabel("ID type").SelectOptionAsync("ON");
        await page.GetByLabel("ID number").FillAsync($"{patient.HealthNumber[..4]} {patient.HealthNumber[4..7]} {patient.HealthNumber[7..]}");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Email", Exact = true }).CheckAsync();
        await page.GetByLabel("Email address").FillAsync(patient.Contact.ToUpperInvariant());
        var mailBefore = MailTo(patient.Contact).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the passcode step");
        var passcode = await PasscodeFromMailFolderAsync(patient.Contact, mailBefore);
        await page.GetByLabel("One time passcode").FillAsync(passcode);
        await page.GetByLabel("Stay logged in").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "LOGIN" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {patient.DisplayName}" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the home page");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-portal-patient");
        DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(29));
        cookie.HttpOnly.ShouldBeTrue();

        await page.GetByRole(AriaRole.Link, new() { Name = "My information", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My information", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(patient.Contact)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "My information");
        await page.GetByRole(AriaRole.Link, new() { Name = "Home" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sessions", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the sessions page");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "__Host-portal-patient");
        (await App.QuerySingleAsync<string>(
            "select end_reason from identity.patient_sessions where patient_id = @id order by created_at desc limit 1", new { id = patient.Id })).ShouldBe("signed_out");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task Un_patient_se_connecte_en_francais_avec_sa_carte_et_son_cellulaire_et_le_code_recu_par_texto()
    {
        var (clinic, _) = await EnsureDemoClinicAsync();
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "mobile", skip: 3, language: "fr");
        await using var session = await BrowserSession.OpenAsync(browser, App, "fr");
        var page = session.Page;

        await page.GotoAsync("/demo/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "la page de connexion");
        await page.GetByLabel("Type d'identifiant").SelectOptionAsync("ON");
        await page.GetByLabel("Numéro d'identifiant").FillAsync(patient.HealthNumber);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Cellulaire", Exact = true }).CheckAsync();
        await page.GetByLabel("Numéro de cellulaire").FillAsync($"{patient.Contact[2..5]} {patient.Contact[5..8]}-{patient.Contact[8..]}");
        var smsBefore = DemoSms.To(App, patient.Contact).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez vos textos", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "l'étape du code");
        var passcode = await Eventually.ReturnsAsync(
            () => Task.FromResult(DemoSms.To(App, patient.Contact)),
            lines => lines.Count > smsBefore,
            _ => $"No SMS reached {patient.Contact} in the outbox file.");
        await page.GetByLabel("Code d'accès à usage unique").FillAsync(Passcode().Match(passcode[^1]).Value);
        await page.GetByLabel("Rester connecté").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Bienvenue, {patient.DisplayName}" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "l'accueil");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mes renseignements", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mes renseignements", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "mes renseignements");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion", Exact = true })).ToBeVisibleAsync();
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_wrong_passcode_is_explained_under_the_field_and_a_stranger_is_told_the_same_as_a_patient()
    {
        var (clinic, _) = await EnsureDemoClinicAsync();
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 7);
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        session.AllowFailedResponse(400, "/api/clinics/demo/portal/sign-in/verify");

        await page.GotoAsync("/demo/");
        await page.GetByLabel("ID type").SelectOptionAsync("ON");
        await page.GetByLabel("ID number").FillAsync(TestCards.Ontario());
        await page.GetByRole(AriaRole.Radio, new() { Name = "Email", Exact = true }).CheckAsync();
        await page.GetByLabel("Email address").FillAsync(patient.Contact);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page.GetByText($"If the details match our records, a passcode has been sent to {patient.Contact}.")).ToBeVisibleAsync();

        await page.GetByLabel("One time passcode").FillAsync("123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "LOGIN" }).ClickAsync();
        var field = page.GetByLabel("One time passcode");
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("The passcode is wrong or has expired.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the passcode step with a problem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start again" }).ClickAsync();
        await Expect(page.GetByLabel("Email address")).ToHaveValueAsync(patient.Contact);
        MailTo(patient.Contact).ShouldBeEmpty();
        session.ShouldHaveNoErrors();
    }

    // Seeding is idempotent: the first test of the class seeds the demo clinic, the others find it.
    private Task<(TestClinic Clinic, StaffCredentials Admin)> EnsureDemoClinicAsync() => DemoClinic.SeedAsync(App);

    private List<ReceivedEmail> MailTo(string address)
    {
        var folder = Path.Combine(App.FilesRoot, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(ReceivedEmail.FromPickupFile).Where(m => m.Recipients.Contains(address)).OrderBy(m => m.ReceivedAt).ToList()
            : [];
    }

    private async Task<string> PasscodeFromMailFolderAsync(string address, int before)
    {
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(MailTo(address)), found => found.Count > before, _ => $"No email reached {address} in the mail folder.");
        return Passcode().Match(mail[^1].TextBody!).Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
