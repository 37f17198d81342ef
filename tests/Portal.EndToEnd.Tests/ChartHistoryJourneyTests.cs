using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.TestKit.Peers;
using static Portal.TestKit.RegistrationApi;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// The chart's History reads as sentences (X2, A5): a patient signs in, an admin opens the chart three times and changes it,
/// and the History tab names the admin with their role and the patient as the patient, says where the sign-in came from,
/// and folds the three views into one row with the count; in English, then in French, with axe on both.
/// </summary>
public sealed partial class ChartHistoryJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task The_History_tab_says_each_event_as_a_sentence_names_people_and_folds_three_views_into_one_row_in_English_and_French()
    {
        var clinic = await App.OpenClinicAsync();
        await App.ExecuteAsync("update identity.staff_users set display_name = 'Dr. Ana Roy' where id = @Id", new { clinic.Admin.Id });
        var email = $"camille.{Guid.NewGuid():N}@example.com";
        var number = TestCards.Ontario();
        JsonElement chart;
        using (var staff = await App.SignedInAsync(clinic, clinic.Staff))
        {
            var body = NewPatient(number, "Camille", "Tremblay");
            body["emails"] = new JsonArray(email);
            body["portalAccess"] = true;
            chart = await staff.CreatePatientAsync(clinic, body);
        }

        var id = chart.GetProperty("id").GetGuid();
        await PatientSignsInAsync(clinic, number, email);

        await using (var session = await BrowserSession.OpenAsync(browser, App))
        {
            var page = session.Page;
            await AdminSignIn.SignInAsync(page, clinic, clinic.Admin);
            for (var view = 0; view < 3; view++)
            {
                await page.GotoAsync($"/{clinic.Slug}/admin/patients/{id}");
                await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Chart of Camille Tremblay" })).ToBeVisibleAsync();
            }

            using (var admin = await App.SignedInAsync(clinic, clinic.Admin))
            {
                var edit = EditBody(chart);
                edit["legalFamilyName"] = "Gagnon";
                using var saved = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit);
                await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            await page.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();
            var history = page.GetByRole(AriaRole.Table, new() { Name = "History" });
            await Expect(Row(history, "Dr. Ana Roy, clinic admin, changed the legal family name.")).ToHaveCountAsync(1);
            await Expect(Row(history, "Dr. Ana Roy, clinic admin, opened the chart 3 times, first on ")).ToHaveCountAsync(1);
            await Expect(Row(history, "The patient signed in to the portal from 127.0.0.1.")).ToHaveCountAsync(1);
            await Expect(Row(history, "Someone not signed in asked for a sign-in passcode by email from 127.0.0.1.")).ToHaveCountAsync(1);
            await Expect(Row(history, $"staff of {clinic.Slug}, clinic staff, created the chart.")).ToHaveCountAsync(1);
            await Expect(history.GetByText("identity.patient")).ToHaveCountAsync(0);
            // The heading row, then the five rows: one change, one folded row for the three views, two sign-in steps, the creation.
            await Expect(history.GetByRole(AriaRole.Row)).ToHaveCountAsync(6);
            await Accessibility.AssertNoViolationsAsync(page, "the chart's History in sentences");
            session.ShouldHaveNoErrors();
        }

        await using (var session = await BrowserSession.OpenAsync(browser, App, "fr"))
        {
            var page = session.Page;
            await AdminSignIn.SignInAsync(page, clinic, clinic.Admin, "fr");
            await page.GotoAsync($"/{clinic.Slug}/admin/patients/{id}/history");
            var history = page.GetByRole(AriaRole.Table, new() { Name = "Historique" });
            await Expect(Row(history, "Dr. Ana Roy (administration de la clinique) a modifié : nom de famille légal.")).ToHaveCountAsync(1);
            await Expect(Row(history, "Dr. Ana Roy (administration de la clinique) a ouvert le dossier 3 fois, d'abord le ")).ToHaveCountAsync(1);
            await Expect(Row(history, "Le patient s'est connecté au portail depuis 127.0.0.1.")).ToHaveCountAsync(1);
            await Expect(Row(history, $"staff of {clinic.Slug} (personnel de la clinique) a créé le dossier.")).ToHaveCountAsync(1);
            await Accessibility.AssertNoViolationsAsync(page, "the chart's History in sentences, in French");
            session.ShouldHaveNoErrors();
        }
    }

    private static ILocator Row(ILocator table, string text) => table.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    /// <summary>Card, email, then the emailed passcode, as the portal's sign-in page sends them.</summary>
    private async Task PatientSignsInAsync(TestClinic clinic, string number, string email)
    {
        using var client = await App.AnonymousClientAsync();
        using var started = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/portal/sign-in", new { idType = "ON", idNumber = number, contactKind = "email", contact = email });
        await started.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var attemptId = (await started.ReadJsonAsync()).GetProperty("attemptId").GetString();
        var folder = Path.Combine(App.FilesRoot, "mail");
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.eml").Select(ReceivedEmail.FromPickupFile).Where(m => m.Recipients.Contains(email)).ToList()
                : []),
            found => found.Count > 0,
            _ => $"No passcode reached {email}.");
        using var verified = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/portal/sign-in/verify",
            new { attemptId, passcode = Passcode().Match(mail[0].TextBody!).Value, stayLoggedIn = false });
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
