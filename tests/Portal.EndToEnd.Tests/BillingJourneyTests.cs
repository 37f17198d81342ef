using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// Staff bill a demo patient from the chart and issue it; the patient sees the bill, pays it on the Stripe stand-in's checkout
/// page, comes back to a paid bill and downloads its receipt; staff see it paid and refund half; the patient sees it partially
/// refunded. Once in English, once in French, axe on every Portal page visited.
/// </summary>
public sealed partial class BillingJourneyTests(BillingAppFixture fixture, BrowserFixture browser)
    : IClassFixture<BillingAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_bill_a_patient_who_pays_on_stripes_page_gets_a_receipt_and_sees_half_refunded_in_english_and_french()
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        await OfferBillingAsync(clinic);
        await JourneyAsync(clinic, admin, await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 21, language: "en"), "en", 1);
        await JourneyAsync(clinic, admin, await DemoClinic.PatientWithAccessAsync(App, clinic.Id, "email", skip: 2, language: "fr"), "fr", 2);
    }

    private async Task JourneyAsync(TestClinic clinic, StaffCredentials admin, DemoPatient patient, string language, int number)
    {
        var fr = language == "fr";
        string T(string en, string french) => fr ? french : en;

        // Staff: a new invoice from the chart, one missed-appointment fee (40.00, untaxed), issued.
        await using var desk = await BrowserSession.OpenAsync(browser, App, language, 1280);
        await AdminSignIn.SignInAsync(desk.Page, clinic, admin, language);
        await desk.Page.GotoAsync($"/demo/admin/patients/{patient.Id}");
        await desk.Page.GetByRole(AriaRole.Link, new() { Name = T("New invoice for this patient", "Nouvelle facture pour ce patient") }).ClickAsync();
        await Expect(desk.Page.GetByText(patient.DisplayName, new() { Exact = true })).ToBeVisibleAsync();
        var missed = await App.QuerySingleAsync<Guid>("select id from billing.services where clinic_id = @Id and code = 'MISSED'", new { clinic.Id });
        await desk.Page.GetByLabel(T("Service, line 1", "Service, ligne 1")).SelectOptionAsync(missed.ToString());
        await Accessibility.AssertNoViolationsAsync(desk.Page, T("a new invoice", "une nouvelle facture"));
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = T("Save draft", "Enregistrer le brouillon") }).ClickAsync();
        await Expect(desk.Page.GetByText(new Regex(T("^Draft saved", "^Brouillon enregistré")))).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk.Page, T("the draft", "le brouillon"));
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = T("Issue and send to the patient", "Émettre et envoyer au patient") }).ClickAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = T($"Invoice {number}", $"Facture {number}"), Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.Page.GetByText(T("Invoice issued.", "Facture émise."), new() { Exact = false })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk.Page, T("the issued invoice", "la facture émise"));
        var invoiceUrl = desk.Page.Url;

        // The patient: signs in, opens Bills, the bill, pays on Stripe's page, comes back to it paid.
        await using var session = await BrowserSession.OpenAsync(browser, App, language, 1280);
        var page = session.Page;
        // The stand-in's checkout page has no icon; the browser asks its server for one.
        session.AllowFailedResponse(404, "/favicon.ico");
        await SignInAsync(page, patient, fr);
        await page.GetByRole(AriaRole.Link, new() { Name = T("Bills", "Factures"), Exact = true }).First.ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, T("Bills", "Factures"));
        await page.GetByRole(AriaRole.Link, new() { Name = T($"Bill no. {number}", $"Facture n° {number}"), Exact = true }).ClickAsync();
        await Expect(page.GetByText(T("To pay", "À payer"), new() { Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, T("the bill to pay", "la facture à payer"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(T("^Pay ", "^Payer ")) }).ClickAsync();
        // Stripe's page (the stand-in's), not Portal's: paid with the card it offers.
        await page.WaitForURLAsync(new Regex("/pay/"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Pay|Payer)$") }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/demo/bills/.+checkout="));
        await Expect(page.GetByText(T("Thank you: this bill is paid.", "Merci : cette facture est payée."), new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var receipt = page.GetByRole(AriaRole.Link, new() { Name = T("Download the receipt (PDF)", "Télécharger le reçu (PDF)") });
        await Expect(receipt).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, T("the paid bill", "la facture payée"));
        var pdf = await page.Context.APIRequest.GetAsync((await receipt.GetAttributeAsync("href"))!);
        pdf.Status.ShouldBe(200);
        pdf.Headers["content-type"].ShouldBe("application/pdf");
        Encoding.ASCII.GetString((await pdf.BodyAsync())[..5]).ShouldBe("%PDF-");

        // Staff: the invoice paid, half refunded.
        await desk.Page.GotoAsync(invoiceUrl);
        await Expect(desk.Page.Locator(".facts")).ToContainTextAsync(T("Paid", "Payée"));
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = T("Refund", "Rembourser"), Exact = true }).ClickAsync();
        await desk.Page.GetByLabel(T("Part of it", "Une partie")).CheckAsync();
        await desk.Page.GetByLabel(T("Amount to refund", "Montant à rembourser")).FillAsync(T("20.00", "20,00"));
        await Accessibility.AssertNoViolationsAsync(desk.Page, T("the refund form", "le remboursement"));
        await desk.Page.GetByRole(AriaRole.Form, new() { Name = T("Refund", "Remboursement") })
            .GetByRole(AriaRole.Button, new() { Name = T("Refund", "Rembourser"), Exact = true }).ClickAsync();
        await Expect(desk.Page.GetByText(T("Refund made through Stripe.", "Remboursement fait par Stripe."))).ToBeVisibleAsync();
        await Expect(desk.Page.Locator(".facts")).ToContainTextAsync(T("Partially refunded", "Remboursée en partie"));
        await Accessibility.AssertNoViolationsAsync(desk.Page, T("the invoice, half refunded", "la facture remboursée en partie"));

        // The patient sees it partially refunded.
        await page.GotoAsync(page.Url.Split('?')[0]);
        await Expect(page.GetByText(T("Partially refunded", "Remboursée en partie"), new() { Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, T("the bill, partially refunded", "la facture remboursée en partie"));

        session.ShouldHaveNoErrors();
        desk.ShouldHaveNoErrors();
    }

    /// <summary>The demo clinic takes payments through its own account on the stand-in, and has a missed-appointment fee.</summary>
    private async Task OfferBillingAsync(TestClinic clinic)
    {
        var account = fixture.NewStripeAccount(clinic);
        using var admin = await App.SignedInAsync(clinic, clinic.Owner);
        using (var keys = await admin.SendJsonAsync(
                   HttpMethod.Put, $"/api/clinics/{clinic.Slug}/settings/stripe",
                   new JsonObject { ["publishableKey"] = "pk_test_portaljourney0123456789", ["secretKey"] = account.SecretKey, ["webhookSigningSecret"] = account.WebhookSecret }))
        {
            await keys.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        }

        await admin.SetPortalSettingAsync(clinic, "billingEnabled", true);
        using var service = await admin.SendJsonAsync(
            HttpMethod.Post, $"/api/clinics/{clinic.Slug}/billing/services",
            new JsonObject { ["code"] = "MISSED", ["nameEn"] = "Missed appointment", ["nameFr"] = "Rendez-vous manqué", ["unitPriceCents"] = 4000, ["taxRateBasisPoints"] = 0 });
        await service.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Created);
    }

    private async Task SignInAsync(IPage page, DemoPatient patient, bool fr)
    {
        await page.GotoAsync("/demo/");
        await page.GetByLabel(fr ? "Type d'identifiant" : "ID type").SelectOptionAsync("ON");
        await page.GetByLabel(fr ? "Numéro d'identifiant" : "ID number").FillAsync(patient.HealthNumber);
        await page.GetByRole(AriaRole.Radio, new() { Name = fr ? "Courriel" : "Email", Exact = true }).CheckAsync();
        await page.GetByLabel(fr ? "Adresse courriel" : "Email address").FillAsync(patient.Contact);
        var before = fixture.Smtp.Messages.Count(m => m.Recipients.Contains(patient.Contact));
        await page.GetByRole(AriaRole.Button, new() { Name = fr ? "Suivant" : "Next" }).ClickAsync();
        var mail = await fixture.Smtp.WaitForAsync(
            m => m.Recipients.Contains(patient.Contact) && fixture.Smtp.Messages.Where(x => x.Recipients.Contains(patient.Contact)).ToList().IndexOf(m) >= before
                && Passcode().IsMatch(m.TextBody ?? ""),
            TimeSpan.FromSeconds(60));
        await page.GetByLabel(fr ? "Code d'accès à usage unique" : "One time passcode").FillAsync(Passcode().Match(mail.TextBody!).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = fr ? "Se connecter" : "LOGIN", Exact = true }).ClickAsync();
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
