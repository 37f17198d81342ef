using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>The page a notification's link opens (I2 to I4), with links issued through IPatientLinks as Messaging issues them.</summary>
public sealed partial class PatientLinkJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task On_a_320_px_phone_the_link_with_its_passcode_and_the_date_of_birth_signs_the_patient_in_and_stays_logged_in()
    {
        var (clinic, _) = await DemoClinic.SeedAsync(App);
        var patient = await PatientPreferringEmailAsync(clinic.Id, skip: 0);
        var link = await IssueAsync(clinic.Id, patient.Id);
        await using var session = await BrowserSession.OpenAsync(browser, App, width: 320);
        var page = session.Page;

        await page.GotoAsync(link.Url.PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open your message", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the link page");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(320);
        await page.GetByLabel("One time passcode").FillAsync(link.Passcode);
        await page.GetByLabel("Date of birth").FillAsync(patient.DateOfBirth);
        await page.GetByLabel("Stay logged in").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "LOGIN" }).ClickAsync();

        // The link's target is the patient's Messages page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Messages", Level = 2 })).ToBeVisibleAsync();
        page.Url.ShouldEndWith("/demo/messages");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-portal-patient");
        DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(29));
        await Accessibility.AssertNoViolationsAsync(page, "the Messages page after the link");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task En_francais_un_lien_expire_offre_de_renvoyer_le_code_et_le_nouveau_code_ouvre_la_session()
    {
        var (clinic, _) = await DemoClinic.SeedAsync(App);
        var patient = await PatientPreferringEmailAsync(clinic.Id, skip: 1);
        var link = await IssueAsync(clinic.Id, patient.Id);
        App.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await using var session = await BrowserSession.OpenAsync(browser, App, "fr", width: 320);
        var page = session.Page;

        await page.GotoAsync(link.Url.PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre code d'accès a expiré", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continuer vers la connexion" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "le lien expiré");
        var mailBefore = MailTo(patient.Email).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Renvoyer le code d'accès rapide" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ouvrir votre message", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "le lien après le renvoi");
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(MailTo(patient.Email)), found => found.Count > mailBefore, _ => $"No email reached {patient.Email} in the mail folder.");
        await page.GetByLabel("Code d'accès à usage unique").FillAsync(Passcode().Match(mail[^1].TextBody!).Value);
        await page.GetByLabel("Date de naissance").FillAsync(patient.DateOfBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Messages", Level = 2 })).ToBeVisibleAsync();
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task An_expired_link_offers_Continue_to_Login_and_Resend_Quick_Passcode_and_the_resent_passcode_opens_the_message()
    {
        var (clinic, _) = await DemoClinic.SeedAsync(App);
        var patient = await PatientPreferringEmailAsync(clinic.Id, skip: 2);
        var link = await IssueAsync(clinic.Id, patient.Id);
        App.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;

        await page.GotoAsync(link.Url.PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your access code has expired", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the expired link");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Login" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
        page.Url.ShouldEndWith("/demo/");

        await page.GotoAsync(link.Url.PathAndQuery);
        var mailBefore = MailTo(patient.Email).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Resend Quick Passcode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open your message", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the link after the resend");
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(MailTo(patient.Email)), found => found.Count > mailBefore, _ => $"No email reached {patient.Email} in the mail folder.");
        await page.GetByLabel("One time passcode").FillAsync(Passcode().Match(mail[^1].TextBody!).Value);
        await page.GetByLabel("Date of birth").FillAsync(patient.DateOfBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = "LOGIN" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Messages", Level = 2 })).ToBeVisibleAsync();
        session.ShouldHaveNoErrors();
    }

    private Task<IssuedPatientLink> IssueAsync(Guid clinicId, Guid patientId) =>
        App.InScopeAsync(services => services.GetRequiredService<IPatientLinks>()
            .IssueAsync(clinicId, patientId, "messages", CancellationToken.None));

    private Task<LinkPatient> PatientPreferringEmailAsync(Guid clinicId, int skip) =>
        App.QuerySingleAsync<LinkPatient>(
            """
            select p.id, c.value as email, to_char(p.date_of_birth, 'YYYY-MM-DD') as date_of_birth,
                   coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name as display_name
            from registration.patients p
            join registration.patient_contacts c on c.patient_id = p.id and c.kind = 'email' and c.position = 0
            where p.clinic_id = @clinicId and p.portal_access and p.active and p.preferred_contact_method = 'email'
            order by p.sort_key
            offset @skip limit 1
            """,
            new { clinicId, skip });

    private List<ReceivedEmail> MailTo(string address)
    {
        var folder = Path.Combine(App.FilesRoot, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(ReceivedEmail.FromPickupFile).Where(m => m.Recipients.Contains(address)).OrderBy(m => m.ReceivedAt).ToList()
            : [];
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}

internal sealed record LinkPatient(Guid Id, string Email, string DateOfBirth, string DisplayName);
