using System.Text;
using static Portal.TestKit.RegistrationApi;

namespace Portal.EndToEnd.Tests;

public sealed class ChartDocumentsJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    private static readonly byte[] LabResult =
        Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% CBC within normal limits\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task Staff_add_a_PDF_lab_result_on_the_Documents_tab_see_it_listed_and_download_it_in_English_and_French()
    {
        var clinic = await App.CreateClinicAsync();
        using (var api = await App.SignedInAsync(clinic, clinic.Staff))
        {
            await api.CreatePatientAsync(clinic, NewPatient(TestCards.Ontario(), givenName: "Camille", familyName: "Tremblay"));
        }

        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        await AdminSignIn.SignInAsync(page, clinic, clinic.Staff);
        await page.GetByRole(AriaRole.Link, new() { Name = "Patients", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tremblay, Camille" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Documents", Exact = true }).ClickAsync();
        await Expect(page.GetByText("There are no documents in this chart yet.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the empty Documents tab");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add document" }).ClickAsync();
        await Expect(page.GetByText("Choose a file.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the Add document form showing its problems");

        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "cbc.pdf", MimeType = "application/pdf", Buffer = LabResult });
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Lab result" });
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("CBC results");
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync("2026-11-20");
        await page.GetByLabel("Source (optional)").FillAsync("LifeLabs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add document" }).ClickAsync();

        await Expect(page.GetByText("Document “CBC results” added.")).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Documents" });
        await Expect(table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Lab result");
        await Expect(table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("LifeLabs");
        await Accessibility.AssertNoViolationsAsync(page, "the Documents tab with a document");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CBC results" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("CBC results.pdf");
        (await File.ReadAllBytesAsync((await download.PathAsync())!)).ShouldBe(LabResult);

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Documents" }).GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Résultat de laboratoire");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ajouter un document" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the Documents tab in French");
    }
}
