using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// On a 320 px phone, a demo patient opens an appointment, follows its pre-visit task to the general intake, sees the allergy
/// question appear only after "Yes", is told what is missing, has a draft saved as they go, submits, and reads the submitted
/// answers (read-only) in English and then in French; the clinic's admin reads the answers in the chart and from the appointment
/// (its pre-visit questionnaire shown done), then, in Settings > Questionnaires, imports a questionnaire (told what is wrong with a
/// first try), previews and tries it out, in French. axe on every page.
/// </summary>
public sealed partial class QuestionnaireJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private const int Width = 320;

    private PortalApp App => fixture.App;

    [Fact]
    public async Task On_a_320_px_phone_a_patient_completes_the_intake_from_the_appointment_page_and_staff_read_it_in_the_chart()
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 11);
        var appointmentId = await BookFollowUpAsync(clinic.Id, patient.Id);
        await using var session = await BrowserSession.OpenAsync(browser, App, "en", Width);
        var page = session.Page;

        await page.GotoAsync("/demo/");
        await page.GetByLabel("ID type").SelectOptionAsync("ON");
        await page.GetByLabel("ID number").FillAsync(patient.HealthNumber);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Email", Exact = true }).CheckAsync();
        await page.GetByLabel("Email address").FillAsync(patient.Contact);
        var mailBefore = MailTo(patient.Contact).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("One time passcode").FillAsync(await PasscodeFromMailFolderAsync(patient.Contact, mailBefore));
        await page.GetByRole(AriaRole.Button, new() { Name = "LOGIN", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Appointments", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Upcoming", Exact = true }).GetByRole(AriaRole.Link, new() { Name = "Follow-up visit" }).ClickAsync();

        var tasks = page.GetByRole(AriaRole.Region, new() { Name = "Pre-visit tasks", Exact = true });
        await Expect(tasks).ToContainTextAsync("to do, due");
        await AssertPageAsync(page, "the appointment with its pre-visit task");
        await tasks.GetByRole(AriaRole.Link, new() { Name = "General intake", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "General intake", Exact = true, Level = 2 })).ToBeVisibleAsync();
        var detail = page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^What are you allergic to") });
        await Expect(detail).ToHaveCountAsync(0);
        await AssertPageAsync(page, "the intake, before any answer");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var summary = page.Locator(".message.error[role=alert]");
        await Expect(summary).ToContainTextAsync("Answers that need attention (2):");
        await Expect(summary).ToBeFocusedAsync();
        await AssertPageAsync(page, "the intake, with what is missing");

        var allergies = page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex("^Do you have any allergies") });
        await allergies.GetByRole(AriaRole.Radio, new() { Name = "Yes", Exact = true }).CheckAsync();
        await Expect(detail).ToBeVisibleAsync();
        await detail.FillAsync("Peanuts: hives");
        await page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^What is the main reason") }).FillAsync("Knee pain");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Asthma", Exact = true }).CheckAsync();
        await Expect(page.GetByText("Your answers are saved.")).ToBeVisibleAsync();
        (await App.QuerySingleAsync<string>("select status from questionnaires.responses where patient_id = @Id", new { patient.Id })).ShouldBe("in-progress");
        await AssertPageAsync(page, "the intake, answered, with its draft saved");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(page.GetByText(new Regex("can no longer be changed"))).ToBeVisibleAsync();
        await Expect(detail).ToHaveValueAsync("Peanuts: hives");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true })).ToHaveCountAsync(0);
        await AssertPageAsync(page, "the submitted intake, read-only");
        (await App.QuerySingleAsync<string>(
                "select d.type from registration.documents d join questionnaires.responses r on r.document_id = d.id where r.patient_id = @Id and r.status = 'completed'",
                new { patient.Id }))
            .ShouldBe("questionnaire_data");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Questionnaire d'accueil", Exact = true, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("ne peuvent plus être modifiées"))).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^À quoi êtes-vous allergique") })).ToHaveValueAsync("Peanuts: hives");
        await AssertPageAsync(page, "le questionnaire envoyé, en lecture seule");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Retour") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Tâches avant la visite", Exact = true })).ToContainTextAsync("fait");
        await AssertPageAsync(page, "le rendez-vous, sa tâche faite");

        await using var desk = await BrowserSession.OpenAsync(browser, App, "fr", 1280);
        await AdminSignIn.SignInAsync(desk.Page, clinic, admin, "fr");
        await desk.Page.GotoAsync($"/demo/admin/patients/{patient.Id}/questionnaires");
        await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "Questionnaires envoyés", Exact = true })).ToBeVisibleAsync();
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "General intake", Exact = true }).ClickAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^What are you allergic to") })).ToHaveValueAsync("Peanuts: hives");
        await Expect(desk.Page.GetByRole(AriaRole.Checkbox, new() { Name = "Asthma", Exact = true })).ToBeCheckedAsync();
        await Accessibility.AssertNoViolationsAsync(desk.Page, "le dossier, questionnaires envoyés");

        await desk.Page.GotoAsync($"/demo/admin/appointments/{appointmentId}");
        var onAppointment = desk.Page.GetByRole(AriaRole.Region, new() { Name = "Questionnaires avant la visite", Exact = true });
        await Expect(onAppointment).ToContainTextAsync("fait, envoyé le");
        await Accessibility.AssertNoViolationsAsync(desk.Page, "le rendez-vous, son questionnaire fait");
        await onAppointment.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Lire les réponses") }).ClickAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "General intake", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^What are you allergic to") })).ToHaveValueAsync("Peanuts: hives");
        await Accessibility.AssertNoViolationsAsync(desk.Page, "les réponses, depuis le rendez-vous");

        await desk.Page.GetByRole(AriaRole.Link, new() { Name = "Questionnaires", Exact = true }).ClickAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "Questionnaires", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Region, new() { Name = "Avant la visite", Exact = true })
            .GetByRole(AriaRole.Checkbox, new() { Name = "Questionnaire d'accueil", Exact = true }).First).ToBeCheckedAsync();
        desk.AllowFailedResponse(400, "/api/clinics/demo/questionnaires");
        var json = desk.Page.GetByLabel("Questionnaire FHIR (JSON)");
        await json.FillAsync(Feedback(title: null, type: "attachment"));
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        var refusal = desk.Page.Locator(".message.error[role=alert]");
        await Expect(refusal).ToContainTextAsync("Portal ne peut pas utiliser ce questionnaire tel quel");
        await Expect(refusal).ToContainTextAsync("title: Un questionnaire a besoin d'un titre");
        await Expect(refusal).ToContainTextAsync("satisfied: Le formulaire de Portal n'affiche pas ce type d'élément.");
        await Expect(refusal).ToBeFocusedAsync();
        await Accessibility.AssertNoViolationsAsync(desk.Page, "la bibliothèque, une importation refusée");

        await json.FillAsync(Feedback(title: "Votre avis", type: "boolean"));
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Expect(desk.Page.GetByText("Importé : Votre avis, version 1.")).ToBeVisibleAsync();
        await desk.Page.GetByRole(AriaRole.Link, new() { Name = "Voir l'aperçu", Exact = true }).ClickAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "Aperçu : Votre avis", Exact = true, Level = 1 })).ToBeVisibleAsync();
        var satisfied = desk.Page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex("^Êtes-vous satisfait") });
        await satisfied.GetByRole(AriaRole.Radio, new() { Name = "Oui", Exact = true }).CheckAsync();
        await Expect(satisfied.GetByRole(AriaRole.Radio, new() { Name = "Oui", Exact = true })).ToBeCheckedAsync();
        await Accessibility.AssertNoViolationsAsync(desk.Page, "l'aperçu, essayé");
        (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.responses where clinic_id = @Id", new { clinic.Id })).ShouldBe(1);

        session.ShouldHaveNoErrors();
        desk.ShouldHaveNoErrors();
    }

    /// <summary>A small questionnaire in French to import, with a title or not, and its one question of the type given.</summary>
    private static string Feedback(string? title, string type) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["resourceType"] = "Questionnaire",
            ["url"] = "urn:example:feedback",
            ["version"] = "1",
            ["language"] = "fr",
            ["status"] = "active",
            ["title"] = title,
            ["item"] = new[] { new { linkId = "satisfied", type, text = "Êtes-vous satisfait de votre visite ?" } },
        }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>A Follow-up visit in three days, booked by the front desk (written as Appointments would).</summary>
    private async Task<Guid> BookFollowUpAsync(Guid clinicId, Guid patientId)
    {
        var id = Guid.NewGuid();
        var starts = DateTimeOffset.UtcNow.Date.AddDays(3).AddHours(15);
        await App.ExecuteAsync(
            """
            insert into appointments.appointments (id, clinic_id, patient_id, provider_id, type_id, starts_at, ends_at, occupied, status, booked_by,
                                                   created_at, updated_at, status_changed_at)
            select @id, t.clinic_id, @patientId, tp.provider_id, t.id, @starts, @ends, tstzrange(@starts, @ends), 'booked', 'staff', now(), now(), now()
            from appointments.appointment_types t
            join appointments.type_providers tp on tp.type_id = t.id
            where t.clinic_id = @clinicId and t.name_en = 'Follow-up visit'
            limit 1
            """,
            new { id, clinicId, patientId, starts = new DateTimeOffset(starts, TimeSpan.Zero), ends = new DateTimeOffset(starts.AddMinutes(15), TimeSpan.Zero) });
        return id;
    }

    private static async Task AssertPageAsync(IPage page, string what)
    {
        await Accessibility.AssertNoViolationsAsync(page, what);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width, what);
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
            () => Task.FromResult(MailTo(address)), found => found.Count > before, _ => $"No email reached {address} in the mail folder.");
        return Passcode().Match(mail[^1].TextBody!).Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
