using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// A demo patient books a free time from the demo clinic's real availability (+ New Appointment: type, any provider,
/// day, time, a note), sees it under Upcoming, opens it, changes its time (the same steps from the day on), and cancels
/// it with a reason; the database agrees at each step, and the confirmation email's calendar file reads back at the right local time.
/// When the clinic's rules change under the patient (a month's notice, a wider change window), the booking and the cancellation are
/// refused in the patient's language; the front desk sees each step in the clinic's calendar. On a 375 px phone in English and at
/// desktop width in French, axe on every page visited.
/// </summary>
public sealed partial class AppointmentsJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private static readonly Words English = new(
        "en", "Log in", "ID type", "ID number", "Email", "Email address", "Next", "One time passcode", "LOGIN", "Appointments", "+ New Appointment",
        "New appointment", "Follow-up visit", "Any provider", "Which day?", "Check and book", "Note for the provider (optional)", "Book appointment",
        "Your appointment is booked", "Go to Appointments", "Upcoming", "Past", "Pre-visit tasks", "Cancel appointment", "Cancel this appointment?",
        "Reason (optional)", "Yes, cancel appointment", "Your appointment was cancelled.", "Cancelled", "Back to Appointments",
        "You have no upcoming appointments.", "Change appointment time", "Check and move", "Move appointment", "Your appointment was moved",
        "View appointment details", "That time is now too soon to book online. Choose a later time or call the clinic.",
        "Changes and cancellations online have closed for this appointment. Please call the clinic.", "Changes and cancellations online closed on");

    private static readonly Words French = new(
        "fr", "Connexion", "Type d'identifiant", "Numéro d'identifiant", "Courriel", "Adresse courriel", "Suivant", "Code d'accès à usage unique",
        "Se connecter", "Rendez-vous", "+ Nouveau rendez-vous", "Nouveau rendez-vous", "Visite de suivi", "N'importe quel professionnel", "Quel jour?",
        "Vérifier et réserver", "Note pour le professionnel (facultatif)", "Réserver le rendez-vous", "Votre rendez-vous est réservé", "Aller aux rendez-vous",
        "À venir", "Passés", "Tâches avant la visite", "Annuler le rendez-vous", "Annuler ce rendez-vous?", "Raison (facultatif)", "Oui, annuler le rendez-vous",
        "Votre rendez-vous a été annulé.", "Annulé", "Retour aux rendez-vous", "Vous n'avez aucun rendez-vous à venir.",
        "Changer l'heure du rendez-vous", "Vérifier et déplacer", "Déplacer le rendez-vous", "Votre rendez-vous a été déplacé",
        "Voir les détails du rendez-vous",
        "Cette heure est maintenant trop proche pour réserver en ligne. Choisissez une heure plus tardive ou appelez la clinique.",
        "Les changements et les annulations en ligne ont pris fin pour ce rendez-vous. Veuillez appeler la clinique.",
        "Les changements et les annulations en ligne ont pris fin le");

    private PortalApp App => fixture.App;

    [Fact]
    public async Task On_a_375_px_phone_a_patient_books_a_free_time_sees_it_upcoming_opens_it_changes_its_time_and_cancels_it() =>
        await JourneyAsync(English, skip: 5, width: 375);

    [Fact]
    public async Task Sur_un_ordinateur_un_patient_reserve_une_heure_libre_la_voit_a_venir_l_ouvre_la_deplace_et_l_annule() =>
        await JourneyAsync(French, skip: 5, width: 1280);

    private async Task JourneyAsync(Words words, int skip, int width)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var patient = await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip, words.Language);
        await using var session = await BrowserSession.OpenAsync(browser, App, words.Language, width);
        var page = session.Page;
        // The clinic's front desk, in another browser, follows each step in its calendar.
        await using var desk = await BrowserSession.OpenAsync(browser, App, "en", 1280);
        await AdminSignIn.SignInAsync(desk.Page, clinic, admin);

        await page.GotoAsync("/demo/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.LogIn, Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel(words.IdType).SelectOptionAsync("ON");
        await page.GetByLabel(words.IdNumber).FillAsync(patient.HealthNumber);
        await page.GetByRole(AriaRole.Radio, new() { Name = words.Email, Exact = true }).CheckAsync();
        await page.GetByLabel(words.EmailAddress).FillAsync(patient.Contact);
        var mailBefore = MailTo(patient.Contact).Count;
        await page.GetByRole(AriaRole.Button, new() { Name = words.Next }).ClickAsync();
        await page.GetByLabel(words.Passcode).FillAsync(await PasscodeFromMailFolderAsync(patient.Contact, mailBefore));
        await page.GetByRole(AriaRole.Button, new() { Name = words.Login, Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = words.Appointments, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.Appointments, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByText(words.NoUpcoming)).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "Appointments, none yet");

        await page.GetByRole(AriaRole.Link, new() { Name = words.NewAppointment, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.NewAppointmentTitle, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^" + Regex.Escape(words.FollowUp)) }).ClickAsync();
        await AssertPageAsync(page, width, "+ New Appointment, the provider");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^" + Regex.Escape(words.AnyProvider)) }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.WhichDay, Exact = true, Level = 3 })).ToBeVisibleAsync();
        var days = page.Locator("button.portal-choice");
        await Expect(days.First).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "+ New Appointment, the day");
        // The week's last day with free times: today's may be over by the time the patient picks one.
        await days.Last.ClickAsync();
        var times = page.Locator("button.portal-choice");
        await Expect(times.First).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "+ New Appointment, the time");
        await times.First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.CheckAndBook, Exact = true, Level = 3 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = words.Note, Exact = true }).FillAsync("Knee pain");
        await AssertPageAsync(page, width, "+ New Appointment, the last look");
        // While the patient looked, the clinic came to ask a month's notice: the server refuses, in the patient's language.
        await SetBookingRulesAsync(clinic.Id, minNoticeMinutes: 43200, changeWindowMinutes: 1440);
        session.AllowFailedResponse(400, "/api/clinics/demo/portal/appointments");
        await page.GetByRole(AriaRole.Button, new() { Name = words.Book, Exact = true }).ClickAsync();
        await Expect(page.GetByText(words.TooSoon, new() { Exact = true })).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "+ New Appointment, refused for the notice now asked");
        (await App.QuerySingleAsync<long>("select count(*) from appointments.appointments where patient_id = @Id", new { patient.Id })).ShouldBe(0);
        await ClinicDefaultRulesAsync(clinic.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = words.Book, Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.Booked, Exact = true, Level = 3 })).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "the booked appointment");
        var booked = await App.QuerySingleAsync<(Guid Id, string Status, string Note, DateTime StartsAt)>(
            "select id, status, patient_note as note, starts_at from appointments.appointments where clinic_id = @clinicId and patient_id = @patientId",
            new { clinicId = clinic.Id, patientId = patient.Id });
        booked.Status.ShouldBe("booked");
        booked.Note.ShouldBe("Knee pain");
        // The confirmation email carries a calendar file that a calendar reads at the right local time.
        var invitation = await Eventually.ReturnsAsync(
            () => Task.FromResult(MailTo(patient.Contact).SelectMany(m => m.Parts).Where(p => p.ContentType == "text/calendar").ToList()),
            found => found.Count > 0,
            _ => $"No email with a calendar file reached {patient.Contact}.");
        var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(invitation[0].Content.Span))!;
        var start = calendar.Events.Single().DtStart!;
        start.TzId.ShouldBe("America/Toronto");
        start.AsUtc.ShouldBe(DateTime.SpecifyKind(booked.StartsAt, DateTimeKind.Utc));
        start.Value.ShouldBe(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(booked.StartsAt, DateTimeKind.Utc), Toronto));
        await DeskSeesAsync(desk.Page, booked.StartsAt, patient.DisplayName, "Booked");

        await page.GetByRole(AriaRole.Link, new() { Name = words.GoToAppointments, Exact = true }).ClickAsync();
        var upcoming = page.GetByRole(AriaRole.Region, new() { Name = words.Upcoming, Exact = true });
        var item = upcoming.GetByRole(AriaRole.Link, new() { Name = words.FollowUp, Exact = true });
        await Expect(item).ToHaveCountAsync(1);
        await AssertPageAsync(page, width, "Appointments with the new one upcoming");
        await item.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.FollowUp, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = words.PreVisitTasks, Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".portal-details time")).ToHaveTextAsync(new Regex(@"\b(EST|EDT|HNE|HAE)\b"));
        await AssertPageAsync(page, width, "the appointment's details");

        await page.GetByRole(AriaRole.Link, new() { Name = words.ChangeTime, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.ChangeTime, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.WhichDay, Exact = true, Level = 3 })).ToBeVisibleAsync();
        await Expect(days.First).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "Change appointment time, the day");
        await days.Last.ClickAsync();
        await Expect(times.First).ToBeVisibleAsync();
        // The booked time is not free any more, so the day's last free time is another one.
        await times.Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.CheckAndMove, Exact = true, Level = 3 })).ToBeVisibleAsync();
        await Expect(page.Locator(".portal-details time")).ToHaveCountAsync(2);
        await AssertPageAsync(page, width, "Change appointment time, the last look");
        await page.GetByRole(AriaRole.Button, new() { Name = words.Move, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.Moved, Exact = true, Level = 3 })).ToBeVisibleAsync();
        await AssertPageAsync(page, width, "the moved appointment");
        var moved = await App.QuerySingleAsync<(Guid Id, string Status, DateTime StartsAt)>(
            "select id, status, starts_at from appointments.appointments where clinic_id = @clinicId and patient_id = @patientId",
            new { clinicId = clinic.Id, patientId = patient.Id });
        moved.Id.ShouldBe(booked.Id);
        moved.Status.ShouldBe("booked");
        moved.StartsAt.ShouldNotBe(booked.StartsAt);
        await DeskSeesAsync(desk.Page, moved.StartsAt, patient.DisplayName, "Booked");

        await page.GetByRole(AriaRole.Link, new() { Name = words.Details, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.FollowUp, Exact = true, Level = 2 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = words.Cancel, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.CancelQuestion, Exact = true, Level = 3 })).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = words.Reason, Exact = true }).FillAsync("Feeling better");
        await AssertPageAsync(page, width, "the question before cancelling");
        // The clinic widened its change window past this appointment meanwhile: the cancellation is refused, and the page says to call.
        await SetBookingRulesAsync(clinic.Id, minNoticeMinutes: 120, changeWindowMinutes: 43200);
        session.AllowFailedResponse(409, $"/api/clinics/demo/portal/appointments/{booked.Id}/cancel");
        await page.GetByRole(AriaRole.Button, new() { Name = words.ConfirmCancel, Exact = true }).ClickAsync();
        await Expect(page.GetByText(words.WindowPassed, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("^" + Regex.Escape(words.ChangesClosed)))).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = words.Cancel, Exact = true })).ToHaveCountAsync(0);
        await AssertPageAsync(page, width, "a cancellation refused past the change window");
        (await App.QuerySingleAsync<string>("select status from appointments.appointments where id = @Id", new { booked.Id })).ShouldBe("booked");
        await ClinicDefaultRulesAsync(clinic.Id);
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = words.Cancel, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = words.Reason, Exact = true }).FillAsync("Feeling better");
        await page.GetByRole(AriaRole.Button, new() { Name = words.ConfirmCancel, Exact = true }).ClickAsync();
        await Expect(page.GetByText(words.Cancelled, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".portal-detail").Last.Locator("dd")).ToHaveTextAsync(words.CancelledStatus);
        await AssertPageAsync(page, width, "the cancelled appointment");
        (await App.QuerySingleAsync<(string Status, string Reason)>(
                "select status, cancel_reason as reason from appointments.appointments where id = @Id", new { booked.Id }))
            .ShouldBe(("cancelled", "Feeling better"));
        await DeskSeesAsync(desk.Page, moved.StartsAt, patient.DisplayName, "Cancelled");

        await page.GetByRole(AriaRole.Link, new() { Name = words.BackToAppointments, Exact = true }).ClickAsync();
        await Expect(page.GetByText(words.NoUpcoming)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = words.Past, Exact = true }).GetByRole(AriaRole.Link, new() { Name = words.FollowUp, Exact = true }))
            .ToHaveCountAsync(1);
        await AssertPageAsync(page, width, "Appointments with the cancelled one past");
        session.ShouldHaveNoErrors();
        desk.ShouldHaveNoErrors();
    }

    /// <summary>The clinic's day in the staff calendar shows the patient's appointment at its time, in that status.</summary>
    private static async Task DeskSeesAsync(IPage desk, DateTime startsAtUtc, string patientName, string status)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startsAtUtc, DateTimeKind.Utc), Toronto);
        await desk.GotoAsync($"/demo/admin/appointments?view=day&date={local:yyyy-MM-dd}");
        var start = local.ToString("h:mm", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(desk.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{Regex.Escape(start)}.*{Regex.Escape(patientName)}.*{status}") }))
            .ToHaveCountAsync(1);
    }

    private static readonly TimeZoneInfo Toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    /// <summary>The clinic's booking rules (X5) as staff would set them, the others at their defaults.</summary>
    private Task<int> SetBookingRulesAsync(Guid clinicId, int minNoticeMinutes, int changeWindowMinutes) =>
        App.ExecuteAsync(
            """
            insert into appointments.booking_rules (clinic_id, min_notice_minutes, book_ahead_days, change_window_minutes, max_upcoming, booking_mode, updated_at)
            values (@clinicId, @minNoticeMinutes, 90, @changeWindowMinutes, 3, 'direct', now())
            on conflict (clinic_id) do update set min_notice_minutes = excluded.min_notice_minutes, change_window_minutes = excluded.change_window_minutes
            """,
            new { clinicId, minNoticeMinutes, changeWindowMinutes });

    private Task<int> ClinicDefaultRulesAsync(Guid clinicId) =>
        App.ExecuteAsync("delete from appointments.booking_rules where clinic_id = @clinicId", new { clinicId });

    private static async Task AssertPageAsync(IPage page, int width, string what)
    {
        await Accessibility.AssertNoViolationsAsync(page, what);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width, what);
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

    private sealed record Words(
        string Language, string LogIn, string IdType, string IdNumber, string Email, string EmailAddress, string Next, string Passcode, string Login,
        string Appointments, string NewAppointment, string NewAppointmentTitle, string FollowUp, string AnyProvider, string WhichDay, string CheckAndBook,
        string Note, string Book, string Booked, string GoToAppointments, string Upcoming, string Past, string PreVisitTasks, string Cancel,
        string CancelQuestion, string Reason, string ConfirmCancel, string Cancelled, string CancelledStatus, string BackToAppointments, string NoUpcoming,
        string ChangeTime, string CheckAndMove, string Move, string Moved, string Details, string TooSoon, string WindowPassed, string ChangesClosed);
}
