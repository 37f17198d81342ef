using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PdfSharp.Pdf.IO;
using Portal.Billing.Invoices;
using Portal.Billing.Receipts;
using Portal.TestKit.Peers;
using static Portal.Billing.Tests.BillingApi;

namespace Portal.Billing.Tests;

public sealed class ReceiptTests(BillingAppFixture fixture) : IClassFixture<BillingAppFixture>
{
    private PortalApp App => fixture.App;

    private StripeStandIn Stripe => fixture.Stripe;

    private async Task<(PayingClinic Clinic, TestPatient Patient, PortalClient Client, Guid BillId, int Number)> PaidAsync()
    {
        var clinic = await fixture.PayingClinicAsync();
        var patient = await App.AddPatientAsync(clinic.Clinic);
        var issued = await App.IssuedBillAsync(clinic.Billing, patient.Id);
        var bill = issued.GetProperty("id").GetGuid();
        var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
        await Stripe.CompleteAsync(sessionId);
        (await App.BillStatusAsync(bill)).ShouldBe("paid");
        return (clinic, patient, client, bill, issued.GetProperty("number").GetInt32());
    }

    private static async Task<byte[]> PdfAsync(HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The PDF parses, and its title (the document's information, in plain text) names the invoice.</summary>
    private static string TitleOf(byte[] pdf)
    {
        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        document.PageCount.ShouldBeGreaterThanOrEqualTo(1);
        return document.Info.Title;
    }

    [Fact]
    public async Task A1_a_patient_downloads_the_receipt_of_their_paid_bill_and_gets_404_for_another_patients_or_an_unpaid_one()
    {
        var (clinic, _, client, bill, number) = await PaidAsync();
        using (client)
        {
            using (var mine = await client.GetAsync($"{MyBillsUrl(clinic.Clinic)}/{bill}/receipt"))
            {
                // The test kit's patients prefer French: the receipt is in their language.
                TitleOf(await PdfAsync(mine)).ShouldBe($"Reçu – facture n° {number}");
            }

            var other = await App.AddPatientAsync(clinic.Clinic, "Alexis");
            using var otherClient = await App.SignedInPatientAsync(fixture.Smtp, other);
            using (var theirs = await otherClient.GetAsync($"{MyBillsUrl(clinic.Clinic)}/{bill}/receipt"))
            {
                await theirs.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bill_not_found");
            }

            var unpaid = (await App.IssuedBillAsync(clinic.Billing, other.Id)).GetProperty("id").GetGuid();
            using (var notPaid = await otherClient.GetAsync($"{MyBillsUrl(clinic.Clinic)}/{unpaid}/receipt"))
            {
                await notPaid.ShouldBeProblemAsync(HttpStatusCode.NotFound, "receipt_not_found");
            }

            using (var unknown = await client.GetAsync($"{MyBillsUrl(clinic.Clinic)}/{Guid.NewGuid()}/receipt"))
            {
                await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bill_not_found");
            }

            // Staff of another clinic reach nothing of this one (A2).
            var elsewhere = await App.BillingClinicAsync();
            using var stranger = await App.SignedInAsync(elsewhere.Clinic, elsewhere.Clinic.Staff);
            using var crossed = await stranger.GetAsync($"{InvoicesUrl(elsewhere.Clinic)}/{bill}/receipt");
            await crossed.ShouldBeProblemAsync(HttpStatusCode.NotFound, "invoice_not_found");
        }
    }

    [Fact]
    public async Task A1_a_patient_with_billing_turned_off_gets_404_billing_off_for_a_receipt_while_staff_still_download_it()
    {
        var (clinic, _, client, bill, number) = await PaidAsync();
        using (client)
        {
            using var owner = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Owner);
            await owner.SetPortalSettingAsync(clinic.Clinic, "billingEnabled", false);
            using (var off = await client.GetAsync($"{MyBillsUrl(clinic.Clinic)}/{bill}/receipt"))
            {
                await off.ShouldBeProblemAsync(HttpStatusCode.NotFound, "billing_off");
            }

            using var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff);
            using var response = await staff.GetAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/receipt");
            TitleOf(await PdfAsync(response)).ShouldBe($"Reçu – facture n° {number}");
        }
    }

    [Fact]
    public async Task A_paid_bill_goes_into_the_chart_as_an_invoice_document_and_the_patients_email_names_the_amount_and_clinic_but_no_line()
    {
        var (clinic, patient, client, bill, number) = await PaidAsync();
        using (client)
        {
            await App.MakeReceiptsAsync();
            var document = await App.QuerySingleAsync<ChartDocument>(
                "select type, title, content_type from registration.documents where clinic_id = @clinicId and patient_id = @patientId",
                new { clinicId = clinic.Clinic.Id, patientId = patient.Id });
            document.Type.ShouldBe("invoice");
            document.Title.ShouldBe($"Reçu – facture n° {number}");
            document.ContentType.ShouldBe("application/pdf");

            var email = await fixture.Smtp.WaitForAsync(
                m => m.Recipients.Contains(patient.Email) && m.Subject is { } subject && subject.StartsWith("Paiement reçu", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60));
            email.Subject.ShouldBe($"Paiement reçu par {clinic.Clinic.Name}");
            email.TextBody!.ShouldContain("68,25 $");
            email.TextBody!.ShouldContain($"/{clinic.Clinic.Slug}/bills/{bill}");
            foreach (var text in new[] { email.TextBody!, email.HtmlBody! })
            {
                text.ShouldNotContain("Service FORM");
                text.ShouldNotContain("Service MISSED");
                text.ShouldNotContain("FORM");
            }

            email.Parts.Count(p => p.ContentType == "application/pdf").ShouldBe(0);

            // A second delivery of the same payment adds no second document and no second email.
            await Stripe.IdleAsync();
            await App.MakeReceiptsAsync();
            (await App.QuerySingleAsync<int>(
                "select count(*)::int from registration.documents where clinic_id = @clinicId and patient_id = @patientId",
                new { clinicId = clinic.Clinic.Id, patientId = patient.Id })).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Staff_see_the_patients_name_and_each_refund_on_the_invoice_and_the_receipt_still_downloads_after_a_partial_refund()
    {
        var (clinic, patient, client, bill, number) = await PaidAsync();
        client.Dispose();
        using var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff);
        var refunded = await staff.PostOkAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject { ["amountCents"] = 3412 });
        refunded.GetProperty("status").GetString().ShouldBe("partially_refunded");
        refunded.GetProperty("patientName").GetString().ShouldNotBeNullOrWhiteSpace();
        var refunds = refunded.GetProperty("refunds");
        refunds.GetArrayLength().ShouldBe(1);
        refunds[0].GetProperty("amountCents").GetInt64().ShouldBe(3412);

        var listed = await staff.GetJsonAsync<JsonElement>($"{InvoicesUrl(clinic.Clinic)}?status=partially_refunded&patientId={patient.Id}");
        listed.GetProperty("items").GetArrayLength().ShouldBe(1);
        listed.GetProperty("items")[0].GetProperty("refunds").GetArrayLength().ShouldBe(1);

        // Made when asked for, in the patient's language of the moment.
        await App.ExecuteAsync("update registration.patients set preferred_language = 'en' where id = @id", new { id = patient.Id });
        using var response = await staff.GetAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/receipt");
        TitleOf(await PdfAsync(response)).ShouldBe($"Receipt – invoice no. {number}");
    }

    [Fact]
    public void A_receipt_in_french_is_a_pdf_titled_in_french_whose_lines_and_refunds_fit_on_its_pages()
    {
        ReceiptPdf.EnsureFonts(null, null).ShouldBeTrue();
        var lines = Enumerable.Range(1, 80)
            .Select(i => new InvoiceLineView(i, Guid.NewGuid(), $"Form {i}", $"Formulaire n° {i} pour l'assurance, très long intitulé qu'il faut couper", 1, 2500, 1300, 325, 2825))
            .ToList();
        var content = new ReceiptContent(
            "fr", "Clinique Évangéline", "Camille Tremblay", 42, "cad", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), lines,
            200000, 26000, 226000, [(new DateOnly(2026, 12, 3), 1000L)]);
        var pdf = ReceiptPdf.Render(content);
        TitleOf(pdf).ShouldBe("Reçu – facture n° 42");
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        document.PageCount.ShouldBeGreaterThan(1);
        content.FileName.ShouldBe("recu-facture-42.pdf");
    }

    [Fact]
    public async Task A_webhook_only_marks_the_receipt_due_and_two_runs_of_the_receipts_job_at_once_make_it_once()
    {
        var clinic = await fixture.PayingClinicAsync();
        var patient = await App.AddPatientAsync(clinic.Clinic);
        var bill = (await App.IssuedBillAsync(clinic.Billing, patient.Id)).GetProperty("id").GetGuid();
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
        await Stripe.CompleteAsync(sessionId);
        (await App.BillStatusAsync(bill)).ShouldBe("paid");
        // Paid by the webhook; the receipt is due, or already made by the host's own run of the job.
        (await App.QuerySingleAsync<long>(
            """
            select (select count(*) from billing.receipts_due where invoice_id = @bill)
                 + (select count(*) from registration.documents where clinic_id = @clinicId and patient_id = @patientId)
            """,
            new { bill, clinicId = clinic.Clinic.Id, patientId = patient.Id })).ShouldBe(1);

        await Task.WhenAll(App.MakeReceiptsAsync(), App.MakeReceiptsAsync());
        (await App.QuerySingleAsync<long>(
            "select count(*) from registration.documents where clinic_id = @clinicId and patient_id = @patientId and type = 'invoice'",
            new { clinicId = clinic.Clinic.Id, patientId = patient.Id })).ShouldBe(1);
        (await App.QuerySingleAsync<long>(
            "select count(*) from notifications.outbox where clinic_id = @clinicId and deduplication_key = @key",
            new { clinicId = clinic.Clinic.Id, key = BillingTemplates.ReceiptKey(bill) })).ShouldBe(1);
    }

    private sealed record ChartDocument(string Type, string Title, string ContentType);
}
