using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// A signed-in patient updates their address and preferred language on My information (R2): the chart changes
/// at once, the portal switches to the new language, and staff see the change in the chart's History as made by
/// the patient. On a 375 px phone and at desktop width, English and French, axe on every page visited.
/// </summary>
public sealed partial class MyInformationJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private static readonly Words English = new(
        "en", "Log in", "ID type", "ID number", "Email", "Email address", "Next", "One time passcode", "LOGIN", "My information",
        "Country", "Street address", "City", "Province or territory", "Postal code", "Preferred language", "French", "Update",
        "Mes renseignements", "Vos renseignements ont été mis à jour.", "History", "The patient changed the address and preferred language on the portal.");

    private static readonly Words French = new(
        "fr", "Connexion", "Type d'identifiant", "Numéro d'identifiant", "Courriel", "Adresse courriel", "Suivant", "Code d'accès à usage unique",
        "Se connecter", "Mes renseignements", "Pays", "Adresse municipale", "Ville", "Province ou territoire", "Code postal", "Langue de préférence", "Anglais", "Mettre à jour",
        "My information", "Your information was updated.", "Historique", "Le patient a modifié sur le portail : adresse et langue de préférence.");

    private PortalApp App => fixture.App;

    [Fact]
    public async Task On_a_375_px_phone_a_patient_updates_their_address_and_language_and_the_portal_switches_to_French_and_staff_see_it_in_History() =>
        await JourneyAsync(English, skip: 21, width: 375);

    [Fact]
    public async Task Sur_un_ordinateur_un_patient_change_son_adresse_et_sa_langue_le_portail_passe_a_l_anglais_et_le_personnel_le_voit_dans_l_historique() =>
        await JourneyAsync(French, skip: 1, width: 1280);

    private async Task JourneyAsync(Words words, int skip, int width)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var patient = await UnchangedPatientAsync(clinic.Id, words.Language, skip);
        var street = $"{Random.Shared.Next(10, 999)} Rue Rideau";
        await using var session = await BrowserSession.OpenAsync(browser, App, words.Language, width);
        var page = session.Page;

        await page.GotoAsync("/demo/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.LogIn, Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page");
        await page.GetByLabel(words.IdType).SelectOptionAsync("ON");
        await page.GetByLabel(words.IdNumber).FillAsync(patient.HealthNumber);
        await page.GetByRole(AriaRole.Radio, new() { Name = words.Email, Exact = true }).CheckAsync();
        await page.GetByLabel(words.EmailAddress).FillAsync(patient.Contact);
        var mailBefore = MailTo(patient.Contact).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = words.Next }).ClickAsync();
        var passcode = await PasscodeFromMailFolderAsync(patient.Contact, mailBefore);
        await page.GetByLabel(words.Passcode).FillAsync(passcode);
        await page.GetByRole(AriaRole.Button, new() { Name = words.Login, Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = words.MyInformation, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.MyInformation, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "My information");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        await page.GetByLabel(words.Country, new() { Exact = true }).SelectOptionAsync("CA");
        await page.GetByLabel(words.Street, new() { Exact = true }).FillAsync(street);
        await page.GetByLabel(words.City, new() { Exact = true }).FillAsync("Ottawa");
        await page.GetByLabel(words.Province, new() { Exact = true }).SelectOptionAsync("ON");
        await page.GetByLabel(words.PostalCode, new() { Exact = true }).FillAsync("k1n5y1");
        await page.GetByLabel(words.PreferredLanguage, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = words.OtherLanguage });
        await page.GetByRole(AriaRole.Button, new() { Name = words.Update, Exact = true }).ClickAsync();

        // The portal now speaks the language just chosen.
        await Expect(page.GetByText(words.UpdatedInOtherLanguage)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.MyInformationInOtherLanguage, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", words.Language == "en" ? "fr" : "en");
        await Accessibility.AssertNoViolationsAsync(page, "My information after the update, in the other language");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        (await App.QuerySingleAsync<(string Line1, string PostalCode, string Language)>(
            "select address_line1, address_postal_code, preferred_language from registration.patients where id = @Id", new { patient.Id }))
            .ShouldBe((street, "K1N 5Y1", words.Language == "en" ? "fr" : "en"));
        session.ShouldHaveNoErrors();

        await using var staff = await BrowserSession.OpenAsync(browser, App, words.Language);
        var desk = staff.Page;
        await AdminSignIn.SignInAsync(desk, clinic, admin, words.Language);
        await desk.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}/history");
        var history = desk.GetByRole(AriaRole.Table, new() { Name = words.History, Exact = true });
        await Expect(history).ToBeVisibleAsync();
        var row = history.GetByRole(AriaRole.Row).Filter(new() { HasText = words.ChangedByThePatient });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(words.ChangedByThePatient);
        await Accessibility.AssertNoViolationsAsync(desk, "the chart's History with the patient's change");
        staff.ShouldHaveNoErrors();
    }

    private List<ReceivedEmail> MailTo(string address)
    {
        var folder = Path.Combine(App.FilesRoot, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(ReceivedEmail.FromPickupFile).Where(m => m.Recipients.Contains(address)).OrderBy(m => m.ReceivedAt).ToList()
            : [];
    }

    // The other journey switches its patient's language, which can make that patient the next one of this language.
    private async Task<DemoPatient> UnchangedPatientAsync(Guid clinicId, string language, int skip)
    {
        for (var next = skip; ; next++)
        {
            var patient = await DemoClinic.PatientWithAccessAsync(App, clinicId, "email", next, language);
            var changes = await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'registration.patient.changed_by_patient' and target_id = @id",
                new { id = patient.Id.ToString() });
            if (changes == 0)
            {
                return patient;
            }
        }
    }

    private async Task<string> PasscodeFromMailFolderAsync(string address, int before)
    {
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(MailTo(address)), found => found.Count > before, _ => $"No email reached {address} in the mail folder.");
        return Passcode().Match(mail[^1].TextBody!).Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();

    private sealed record Words(
        string Language, string LogIn, string IdType, string IdNumber, string Email, string EmailAddress, string Next, string Passcode, string Login,
        string MyInformation, string Country, string Street, string City, string Province, string PostalCode, string PreferredLanguage, string OtherLanguage, string Update,
        string MyInformationInOtherLanguage, string UpdatedInOtherLanguage, string History, string ChangedByThePatient);
}
