using Portal.TestKit.Peers;
using System.Text.RegularExpressions;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// Secure messages end to end, as staff and a patient would use them: staff write to a demo patient
/// from the inbox, the patient signs in, opens the message and replies, and staff see the reply
/// unread and the patient's read receipt. Staff attach a PDF lab result from the patient's chart, and
/// the patient views it before replying. English and French, axe on every page visited.
/// </summary>
public sealed partial class MessagingJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    private static readonly byte[] LabResult =
        System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% CBC within normal limits\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task Staff_write_to_a_patient_who_opens_it_and_replies_and_staff_see_the_reply_unread_and_the_read_receipt() =>
        await JourneyAsync(English, skip: 11, width: 1280);

    [Fact]
    public async Task Le_personnel_ecrit_a_un_patient_qui_lit_le_message_et_repond_sur_un_telephone_et_le_personnel_voit_la_reponse_non_lue() =>
        await JourneyAsync(French, skip: 1, width: 320);

    private async Task JourneyAsync(Words words, int skip, int width)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip, words.Language);
        var subject = $"{words.Subject} {Guid.NewGuid().ToString("N")[..6]}";

        await using var staff = await BrowserSession.OpenAsync(browser, App, words.Language);
        var desk = staff.Page;
        await AdminSignIn.SignInAsync(desk, clinic, admin, words.Language);
        var title = $"{words.LabResultTitle} {Guid.NewGuid().ToString("N")[..4]}";
        await desk.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}/documents");
        await desk.GetByLabel(words.File, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "cbc.pdf", MimeType = "application/pdf", Buffer = LabResult });
        await desk.GetByLabel(words.Type, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = words.LabResultType });
        await desk.GetByLabel(words.Title, new() { Exact = true }).FillAsync(title);
        await desk.GetByLabel(words.Date, new() { Exact = true }).FillAsync("2026-11-20");
        await desk.GetByRole(AriaRole.Button, new() { Name = words.AddDocument, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Table).GetByText(title)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the chart's Documents tab with the lab result");
        await desk.GotoAsync($"/{clinic.Slug}/admin/messages");
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
        await desk.GetByRole(AriaRole.Button, new() { Name = words.AttachFromChart, Exact = true }).ClickAsync();
        await desk.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^" + Regex.Escape(title)) }).CheckAsync();
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = $"{words.Remove} {title}", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "a new message with an attachment from the chart");
        await desk.GetByRole(AriaRole.Button, new() { Name = words.Send, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = subject, Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = $"{words.Download} {title}", Exact = true })).ToBeVisibleAsync();
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
        await ViewsThePdfAsync(phone, title, words);
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

    /// <summary>The patient's View link opens the PDF in a new tab: the browser receives it as a PDF to show, inline.</summary>
    private static async Task ViewsThePdfAsync(IPage phone, string title, Words words)
    {
        await Expect(phone.GetByRole(AriaRole.Link, new() { Name = $"{words.Download} {title}", Exact = true })).ToBeVisibleAsync();
        var view = phone.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^" + Regex.Escape($"{words.View} {title}")) });
        var href = await view.GetAttributeAsync("href");
        href.ShouldNotBeNull();
        var received = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnResponse(object? sender, IResponse response)
        {
            if (new Uri(response.Url).AbsolutePath == href)
            {
                received.TrySetResult(response);
            }
        }

        phone.Context.Response += OnResponse;
        try
        {
            await view.ClickAsync();
            var response = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
            response.Status.ShouldBe(200);
            var headers = await response.AllHeadersAsync();
            headers["content-type"].ShouldBe("application/pdf");
            headers["content-disposition"].ShouldStartWith("inline");
        }
        finally
        {
            phone.Context.Response -= OnResponse;
        }

        var fetched = await phone.APIRequest.GetAsync(href);
        fetched.Status.ShouldBe(200);
        (await fetched.BodyAsync()).ShouldBe(LabResult);
        foreach (var opened in phone.Context.Pages.Where(p => p != phone).ToList())
        {
            await opened.CloseAsync();
        }
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
        string YourReply, string Reply, string Submit, string ReplySent, string OneUnreadReply, string ReadOn, string ChangePatient,
        string File, string Type, string Title, string Date, string AddDocument, string LabResultType, string LabResultTitle, string AttachFromChart,
        string Remove, string Download, string View);

    private static readonly Words English = new(
        "en", "Messages", "New message", "Allow replies", "Find the patient", "Search", "Choose ",
        "Subject", "Flu shots are here.\nBook at https://example.org/flu. <b>Bring your card</b>", "Send", "Message sent.", "Not read yet",
        "ID type", "ID number", "Email", "Email address", "Next", "One time passcode", "LOGIN", "Welcome, ", "Messages 1 new", "New messages",
        "Your reply", "Thank you, I will book.", "Submit", "Your reply was sent.", "1 unread reply", "Read ", "Change patient",
        "File", "Type", "Title", "Date", "Add document", "Lab result", "CBC results", "Attach from chart", "Remove", "Download", "View");

    private static readonly Words French = new(
        "fr", "Messages", "Nouveau message", "Permettre les réponses", "Trouver le patient", "Rechercher", "Choisir ",
        "Objet", "Les vaccins contre la grippe sont arrivés.\nPrenez rendez-vous à https://example.org/flu. <b>Apportez votre carte</b>", "Envoyer",
        "Message envoyé.", "Pas encore lu", "Type d'identifiant", "Numéro d'identifiant", "Courriel", "Adresse courriel", "Suivant",
        "Code d'accès à usage unique", "Se connecter", "Bienvenue, ", "Messages 1 nouveau", "Nouveaux messages",
        "Votre réponse", "Merci, je vais prendre rendez-vous.", "Soumettre", "Votre réponse a été envoyée.", "1 réponse non lue", "Lu le ", "Changer de patient",
        "Fichier", "Type", "Titre", "Date", "Ajouter le document", "Résultat de laboratoire", "Formule sanguine", "Joindre depuis le dossier", "Retirer",
        "Télécharger", "Afficher");
}
