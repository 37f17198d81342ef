using System.Text.RegularExpressions;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// A secure message to a patient who prefers SMS, at a clinic whose link page asks for the ID and date of birth
/// (S10): staff write from the inbox, the SMS (from the embedded default's outbox file) carries only the link,
/// the patient opens it with their ID and date of birth and replies, and staff see the reply unread, the read
/// receipt and that the SMS was sent. English and French, axe on every page visited.
/// </summary>
public sealed partial class SmsLinkJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_patient_who_prefers_sms_opens_the_message_with_id_and_date_of_birth_replies_and_staff_see_the_sms_sent() =>
        await JourneyAsync(English, skip: 0, width: 1280);

    [Fact]
    public async Task Un_patient_qui_prefere_les_sms_ouvre_le_message_avec_son_identifiant_et_sa_date_de_naissance_et_repond_sur_un_telephone() =>
        await JourneyAsync(French, skip: 1, width: 320);

    private async Task JourneyAsync(Words words, int skip, int width)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        using (var owner = await App.SignedInAsync(clinic, admin))
        {
            await owner.SetPortalSettingAsync(clinic, "notificationSignIn", "identifier_and_birth_date");
        }

        var patient = await DemoSms.PatientPreferringSmsAsync(App, clinic.Id, skip, words.Language);
        var subject = $"{words.Subject} {Guid.NewGuid().ToString("N")[..6]}";

        await using var staff = await BrowserSession.OpenAsync(browser, App, words.Language);
        var desk = staff.Page;
        await AdminSignIn.SignInAsync(desk, clinic, admin, words.Language);
        await desk.GetByRole(AriaRole.Link, new() { Name = words.Messages, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = words.Messages, Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the inbox");
        await desk.GetByRole(AriaRole.Link, new() { Name = words.NewMessage, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Checkbox, new() { Name = words.AllowReplies })).ToBeCheckedAsync();
        await desk.GetByRole(AriaRole.Searchbox, new() { Name = words.FindPatient }).FillAsync(patient.HealthNumber);
        await desk.GetByRole(AriaRole.Button, new() { Name = words.Search, Exact = true }).ClickAsync();
        await desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^" + words.Choose) }).First.ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = words.ChangePatient })).ToBeVisibleAsync();
        await desk.GetByRole(AriaRole.Textbox, new() { Name = words.SubjectLabel, Exact = true }).FillAsync(subject);
        await desk.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }).FillAsync(words.Body);
        await Accessibility.AssertNoViolationsAsync(desk, "a new message");
        await desk.GetByRole(AriaRole.Button, new() { Name = words.Send, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = subject, Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.GetByText(words.NotRead)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the conversation, just sent");

        var sms = await Eventually.ReturnsAsync(
            () => Task.FromResult(DemoSms.To(App, patient.Mobile)), found => found.Count > 0, _ => $"No SMS to {patient.Mobile} in the SMS outbox file.");
        var text = sms[^1];
        foreach (var secret in new[] { words.Subject, "https://example.org", patient.DisplayName, patient.HealthNumber, patient.DateOfBirth })
        {
            text.ShouldNotContain(secret, Case.Insensitive);
        }

        var link = DemoSms.Link().Match(text);
        link.Success.ShouldBeTrue(text);
        link.Groups["slug"].Value.ShouldBe(clinic.Slug);

        await using var patientSession = await BrowserSession.OpenAsync(browser, App, words.Language, width);
        var phone = patientSession.Page;
        await phone.GotoAsync(new Uri(link.Value).PathAndQuery);
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = words.OpenYourMessage, Exact = true })).ToBeVisibleAsync();
        await Expect(phone.GetByLabel(words.Passcode)).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(phone, "the link page");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        await phone.GetByLabel(words.IdType).SelectOptionAsync("ON");
        await phone.GetByLabel(words.IdNumber).FillAsync(patient.HealthNumber);
        await phone.GetByLabel(words.DateOfBirth).FillAsync(patient.DateOfBirth);
        await phone.GetByLabel(words.StayLoggedIn).CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = words.Login, Exact = true }).ClickAsync();

        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = subject, Level = 2 })).ToBeVisibleAsync();
        var cookie = (await phone.Context.CookiesAsync()).Single(c => c.Name == "__Host-portal-patient");
        DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(29));
        await Accessibility.AssertNoViolationsAsync(phone, "the message opened from the link");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        await phone.GetByRole(AriaRole.Textbox, new() { Name = words.YourReply }).FillAsync(words.Reply);
        await phone.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(phone.GetByText(words.ReplySent)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "the message after replying");
        patientSession.ShouldHaveNoErrors();

        await desk.GotoAsync($"/{clinic.Slug}/admin/messages?unread=1");
        var row = desk.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToContainTextAsync(words.OneUnreadReply);
        await Accessibility.AssertNoViolationsAsync(desk, "the inbox with an unread reply");
        await row.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Expect(desk.GetByText(words.Reply)).ToBeVisibleAsync();
        await Expect(desk.GetByText(new Regex("^" + words.ReadOn))).ToBeVisibleAsync();
        var told = desk.GetByRole(AriaRole.List, new() { Name = words.HowTold });
        await Expect(told).ToHaveCountAsync(1);
        await Expect(told.GetByRole(AriaRole.Listitem)).ToContainTextAsync(new Regex("^" + Regex.Escape(words.SmsTo) + @"\+1•+\d{3}" + Regex.Escape(words.Sent)));
        await Accessibility.AssertNoViolationsAsync(desk, "the conversation with the reply and the SMS sent");
        staff.ShouldHaveNoErrors();
    }

    private sealed record Words(
        string Language, string Messages, string NewMessage, string AllowReplies, string FindPatient, string Search, string Choose,
        string SubjectLabel, string Subject, string Body, string Send, string NotRead, string ChangePatient, string OpenYourMessage, string Passcode,
        string IdType, string IdNumber, string DateOfBirth, string StayLoggedIn, string Login, string YourReply, string Reply, string Submit,
        string ReplySent, string OneUnreadReply, string ReadOn, string HowTold, string SmsTo, string Sent);

    private static readonly Words English = new(
        "en", "Messages", "New message", "Allow replies", "Find the patient", "Search", "Choose ",
        "Subject", "Vaccination reminder", "Your flu shot is due.\nBook at https://example.org/flu.", "Send", "Not read yet", "Change patient",
        "Open your message", "One time passcode", "ID type", "ID number", "Date of birth", "Stay logged in", "LOGIN",
        "Your reply", "Thank you, I will book.", "Submit", "Your reply was sent.", "1 unread reply", "Read ",
        "How the patient was told", "SMS to ", ": sent");

    private static readonly Words French = new(
        "fr", "Messages", "Nouveau message", "Permettre les réponses", "Trouver le patient", "Rechercher", "Choisir ",
        "Objet", "Rappel de vaccination", "Votre vaccin contre la grippe est dû.\nPrenez rendez-vous à https://example.org/flu.", "Envoyer", "Pas encore lu",
        "Changer de patient", "Ouvrir votre message", "Code d'accès à usage unique", "Type d'identifiant", "Numéro d'identifiant",
        "Date de naissance", "Rester connecté", "Se connecter", "Votre réponse", "Merci, je vais prendre rendez-vous.", "Soumettre",
        "Votre réponse a été envoyée.", "1 réponse non lue", "Lu le ", "Comment le patient a été avisé", "SMS à ", " : envoyé");
}
