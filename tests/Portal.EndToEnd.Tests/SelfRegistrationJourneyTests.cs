using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// A person registers at the demo clinic (S3 on), proves their email, waits for review; staff accept; the
/// person logs in. Registering again with the same card gets the same answer and no second chart (A6).
/// </summary>
public sealed partial class SelfRegistrationJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    private sealed record Words(
        string LogIn, string Offer, string Register, string GivenName, string FamilyName, string DateOfBirth, string Sex, string IdType,
        string IdNumber, string Email, string Consent, string Send, string CheckEmail, string Passcode, string Confirm, string Received,
        string Next, string Login, string Welcome, string Queue, string Accept);

    private static Words In(string language) => language == "fr"
        ? new(
            "Connexion", "Vous inscrire auprès de la clinique", "Vous inscrire auprès de la clinique", "Prénom légal", "Nom de famille légal",
            "Date de naissance", "Sexe (comme sur votre carte d'assurance maladie)", "Type d'identifiant", "Numéro d'identifiant", "Adresse courriel",
            "J'ai lu et j'accepte", "Envoyer le code d'accès", "Consultez vos courriels", "Code d'accès à usage unique", "Confirmer",
            "a reçu votre inscription", "Suivant", "Se connecter", "Bienvenue", "Inscriptions à examiner", "Accepter")
        : new(
            "Log in", "Register with the clinic", "Register with the clinic", "Legal first name", "Legal last name", "Date of birth",
            "Sex (as on your health card)", "ID type", "ID number", "Email address", "I have read and I agree", "Send the passcode",
            "Check your email", "One time passcode", "Confirm", "received your registration", "Next", "LOGIN", "Welcome",
            "Registrations to review", "Accept");

    [Theory]
    [InlineData("en", 375)]
    [InlineData("fr", 1280)]
    public async Task A_person_registers_proves_their_email_waits_for_review_is_accepted_and_logs_in_and_registering_again_makes_no_second_chart(
        string language, int width)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        using (var manager = await App.SignedInAsync(clinic, admin))
        {
            await manager.SetPortalSettingAsync(clinic, "selfRegistrationEnabled", true);
        }

        var words = In(language);
        var card = TestCards.Ontario();
        var email = $"new.person.{Guid.NewGuid():N}@example.com";
        var family = language == "fr" ? "Bouchard" : "Whitfield";

        await using (var person = await BrowserSession.OpenAsync(browser, App, language, width))
        {
            var page = person.Page;
            await page.GotoAsync("/demo/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.LogIn, Exact = true })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = words.Offer }).ClickAsync();
            await RegisterAsync(page, words, card, email, family, "the registration page");
            person.ShouldHaveNoErrors();
        }

        // The chart is made by a job just after the passcode's answer: wait for it, as staff would for the queue.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await App.QuerySingleAsync<long>(
                   "select count(*) from registration.self_registrations where status = 'pending_review' and patient_id in (select patient_id from registration.patient_identifiers where number = @card)",
                   new { card }) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(until, "the registration's chart was not made");
            await Task.Delay(100);
        }

        (await App.QuerySingleAsync<bool>(
            "select p.active from registration.patients p join registration.patient_identifiers i on i.patient_id = p.id where i.number = @card",
            new { card })).ShouldBeFalse();

        await using (var staff = await BrowserSession.OpenAsync(browser, App, language, width))
        {
            var page = staff.Page;
            await AdminSignIn.SignInAsync(page, clinic, admin, language);
            await page.GotoAsync("/demo/admin/patients/review");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.Queue, Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Ada {family}" })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page, "the review queue");
            await page.GetByRole(AriaRole.Button, new() { Name = $"{words.Accept} Ada {family}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Ada {family}" })).ToHaveCountAsync(0);
            await Accessibility.AssertNoViolationsAsync(page, "the review queue after accepting");
            staff.ShouldHaveNoErrors();
        }

        await using (var person = await BrowserSession.OpenAsync(browser, App, language, width))
        {
            var page = person.Page;
            await page.GotoAsync("/demo/");
            await page.GetByLabel(words.IdType).SelectOptionAsync("ON");
            await page.GetByLabel(words.IdNumber).FillAsync(card);
            await page.GetByRole(AriaRole.Radio, new() { Name = language == "fr" ? "Courriel" : "Email", Exact = true }).CheckAsync();
            await page.GetByLabel(words.Email).FillAsync(email);
            var before = MailTo(email).Count;
            await page.GetByRole(AriaRole.Button, new() { Name = words.Next }).ClickAsync();
            await page.GetByLabel(words.Passcode).FillAsync(await PasscodeFromMailFolderAsync(email, before));
            await page.GetByRole(AriaRole.Button, new() { Name = words.Login }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{words.Welcome}, Ada {family}" })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page, "the home page of the accepted person");
            person.ShouldHaveNoErrors();
        }

        await using (var again = await BrowserSession.OpenAsync(browser, App, language, width))
        {
            var page = again.Page;
            await page.GotoAsync("/demo/register");
            await RegisterAsync(page, words, card, email, family, "the registration page, again");
            again.ShouldHaveNoErrors();
        }

        var settled = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await App.QuerySingleAsync<long>(
                   "select count(*) from registration.self_registrations where clinic_id = @id and status = 'already_registered'", new { id = clinic.Id }) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(settled, "registering again was not settled");
            await Task.Delay(100);
        }

        (await App.QuerySingleAsync<long>(
            "select count(*) from registration.patient_identifiers where clinic_id = @id and id_type = 'ON' and number = @card",
            new { id = clinic.Id, card })).ShouldBe(1);
    }

    private async Task RegisterAsync(IPage page, Words words, string card, string email, string family, string what)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.Register, Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, what);
        await page.GetByLabel(words.GivenName, new() { Exact = true }).FillAsync("Ada");
        await page.GetByLabel(words.FamilyName, new() { Exact = true }).FillAsync(family);
        await page.GetByLabel(words.DateOfBirth, new() { Exact = true }).FillAsync("1991-04-12");
        await page.GetByLabel(words.Sex, new() { Exact = true }).SelectOptionAsync("female");
        await page.GetByLabel(words.IdType, new() { Exact = true }).SelectOptionAsync("ON");
        await page.GetByLabel(words.IdNumber, new() { Exact = true }).FillAsync(card);
        await page.GetByLabel(words.Email, new() { Exact = true }).FillAsync(email);
        await page.GetByLabel(words.Consent).CheckAsync();
        var before = MailTo(email).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = words.Send }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.CheckEmail, Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, $"{what}: the passcode step");
        await page.GetByLabel(words.Passcode).FillAsync(await PasscodeFromMailFolderAsync(email, before));
        await page.GetByRole(AriaRole.Button, new() { Name = words.Confirm }).ClickAsync();

        await Expect(page.GetByText(words.Received)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, $"{what}: the answer");
    }

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
            () => Task.FromResult(MailTo(address).Skip(before).Where(m => Passcode().IsMatch(m.TextBody ?? string.Empty)).ToList()),
            found => found.Count > 0,
            _ => $"No passcode email reached {address} in the mail folder.");
        return Passcode().Match(mail[0].TextBody!).Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
