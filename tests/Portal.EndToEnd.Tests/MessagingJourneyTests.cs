using Portal.TestKit.Peers;
using System.Text.RegularExpressions;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// Secure messages end to end, as staff and a patient would use them: staff write to a demo patient
/// from the inbox, the patient signs in, opens the message and replies, and staff see the reply
/// unread and the patient's read receipt. English and French, axe on every page visited.
/// </summary>
public sealed partial class MessagingJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_write_to_a_patient_who_opens_it_and_replies_and_staff_see_the_reply_unread_and_the_read_receipt() =>
        await JourneyAsync(English, skip: 11, width: 1280);

    [Fact]
    public async Task Le_personnel_ecrit_a_un_patient_qui_lit_le_message_et_repond_sur_un_telephone_et_le_personnel_voit_la_reponse_non_lue() =>
        await JourneyAsync(French, skip: 13, width: 320);

    private async Task JourneyAsync(Words words, int skip, int width)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip);
        var subject = $"{words.Subject} {Guid.NewGuid().ToString("N")[..6]}";

        await using var staff = await BrowserSession.OpenAsync(browser, App, words.Language);
        var desk = staff.Page;
        await AdminSignIn.SignInAsync(desk, clinic, admin, words.Language);
        await desk.GetByRole(AriaRole.Link, new() { Name = words.Messages, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = words.Messages, Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the inbox");
        await desk.GetByRole(AriaRole.Link, new() { Name = words.NewMessage, Exact = true }).ClickAsync();
        var allowReplies = desk.GetByRole(AriaRole.Checkbox, new() { Name = words.AllowReplies });
        await Expect(allowReplies).ToBeCheckedAsync();
        await Expect(allowReplies).ToBeEnabledAsync();
        await desk.GetByRole(AriaRole.Searchbox, new() { Name = words.FindPatient }).FillAsync(patient.HealthNumber);
        await desk.GetByRole(AriaRole.Button, new() { Name = words.Search, Exact = true }).ClickAsync();
        await desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^" + words.Choose) }).First.ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = words.ChangePatient })).ToBeVisibleAsync();
        await desk.GetByRole(AriaRole.Textbox, new() { Name = words.Subject, Exact = true }).FillAsync(subject);
        await desk.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }).FillAsync(words.Body);
        await Accessibility.AssertNoViolationsAsync(desk, "a new message");
        await desk.GetByRole(AriaRole.Button, new() { Name = words.Send, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = subject, Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.GetByText(words.Sent)).ToBeVisibleAsync();
        await Expect(desk.GetByText(words.NotRead)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the conversation, just sent");

        await using var patientSession = await BrowserSession.OpenAsync(browser, App, words.Language, width);
        var phone = patientSession.Page;
        await SignInAsync(phone, patient, words);
        var messagesLink = phone.GetByRole(AriaRole.Link, new() { Name = words.MessagesWithOneNew });
        await Expect(messagesLink).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "the home page with a new message");
        await messagesLink.ClickAsync();
        var fresh = phone.GetByRole(AriaRole.Region, new() { Name = words.NewMessages });
        await Expect(fresh.GetByRole(AriaRole.Link, new() { Name = subject })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "Messages");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        await fresh.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = subject, Level = 2 })).ToBeVisibleAsync();
        await Expect(phone.GetByText("<b>", new() { Exact = false })).ToBeVisibleAsync();
        var link = phone.GetByRole(AriaRole.Link, new() { Name = "https://example.org/flu" });
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Accessibility.AssertNoViolationsAsync(phone, "the conversation");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        await phone.GetByRole(AriaRole.Textbox, new() { Name = words.YourReply }).FillAsync(words.Reply);
        await phone.GetByRole(AriaRole.Button, new() { Name = words.Submit, Exact = true }).ClickAsync();
        await Expect(phone.GetByText(words.ReplySent)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "the conversation after replying");
        patientSession.ShouldHaveNoErrors();

        await desk.GotoAsync($"/{clinic.Slug}/admin/messages?unread=1");
        var row = desk.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToContainTextAsync(words.OneUnreadReply);
        await Accessibility.AssertNoViolationsAsync(desk, "the inbox with an unread reply");
        await row.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Expect(desk.GetByText(words.Reply)).ToBeVisibleAsync();
        await Expect(desk.GetByText(new Regex("^" + words.ReadOn))).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the conversation with the reply");
        staff.ShouldHaveNoErrors();
    }

    private async Task SignInAsync(IPage page, DemoPatient patient, Words words)
    {
        await page.GotoAsync("/demo/");
        await page.GetByLabel(words.IdType).SelectOptionAsync("ON");
        await page.GetByLabel(words.IdNumber).FillAsync(patient.HealthNumber);
        await page.GetByRole(AriaRole.Radio, new() { Name = words.Email, Exact = true }).CheckAsync();
        await page.GetByLabel(words.EmailAddress).FillAsync(patient.Contact);
        var before = MailTo(patient.Contact).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = words.Next }).ClickAsync();
        // The sign-in passcode, not the new message's notification, which may arrive meanwhile.
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(MailTo(patient.Contact).Skip(before).Where(IsSignInPasscode).ToList()),
            found => found.Count > 0,
            _ => $"No sign-in passcode reached {patient.Contact}.");
        await page.GetByLabel(words.Passcode).FillAsync(Passcode().Match(mail[^1].TextBody!).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = words.Login }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.Welcome + patient.DisplayName })).ToBeVisibleAsync();
    }

    private static bool IsSignInPasscode(ReceivedEmail mail) =>
        mail.Subject is { } subject && (subject.StartsWith("Your passcode", StringComparison.Ordinal) || subject.StartsWith("Votre code d'accès", StringComparison.Ordinal));

    private List<ReceivedEmail> MailTo(string address)
    {
        var folder = Path.Combine(App.FilesRoot, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(ReceivedEmail.FromPickupFile).Where(m => m.Recipients.Contains(address)).OrderBy(m => m.ReceivedAt).ToList()
            : [];
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();

    private sealed record Words(
        string Language, string Messages, string NewMessage, string AllowReplies, string FindPatient, string Search, string Choose,
        string Subject, string Body, string Send, string Sent, string NotRead, string IdType, string IdNumber, string Email,
        string EmailAddress, string Next, string Passcode, string Login, string Welcome, string MessagesWithOneNew, string NewMessages,
        string YourReply, string Reply, string Submit, string ReplySent, string OneUnreadReply, string ReadOn, string ChangePatient);

    private static readonly Words English = new(
        "en", "Messages", "New message", "Allow replies", "Find the patient", "Search", "Choose ",
        "Subject", "Flu shots are here.\nBook at https://example.org/flu. <b>Bring your card</b>", "Send", "Message sent.", "Not read yet",
        "ID type", "ID number", "Email", "Email address", "Next", "One time passcode", "LOGIN", "Welcome, ", "Messages 1 new", "New messages",
        "Your reply", "Thank you, I will book.", "Submit", "Your reply was sent.", "1 unread reply", "Read ", "Change patient");

    private static readonly Words French = new(
        "fr", "Messages", "Nouveau message", "Permettre les réponses", "Trouver le patient", "Rechercher", "Choisir ",
        "Objet", "Les vaccins contre la grippe sont arrivés.\nPrenez rendez-vous à https://example.org/flu. <b>Apportez votre carte</b>", "Envoyer",
        "Message envoyé.", "Pas encore lu", "Type d'identifiant", "Numéro d'identifiant", "Courriel", "Adresse courriel", "Suivant",
        "Code d'accès à usage unique", "Se connecter", "Bienvenue, ", "Messages 1 nouveau", "Nouveaux messages",
        "Votre réponse", "Merci, je vais prendre rendez-vous.", "Soumettre", "Votre réponse a été envoyée.", "1 réponse non lue", "Lu le ", "Changer de patient");
}
