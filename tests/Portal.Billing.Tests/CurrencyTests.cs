using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Billing.Invoices;
using Portal.Billing.Receipts;
using Portal.TestKit.Peers;
using static Portal.Billing.Tests.BillingApi;

namespace Portal.Billing.Tests;

public sealed class CurrencyTests(BillingAppFixture fixture) : IClassFixture<BillingAppFixture>
{
    private PortalApp App => fixture.App;

    private StripeStandIn Stripe => fixture.Stripe;

    private static string SettingsUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/billing/settings";

    private static async Task<JsonElement> SaveCurrencyAsync(PortalClient client, TestClinic clinic, string currency)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Put, SettingsUrl(clinic), new JsonObject { ["currency"] = currency });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private Task<string?> StoredCurrencyAsync(TestClinic clinic) =>
        App.QuerySingleAsync<string?>("select (select currency from billing.clinic_settings where clinic_id = @id)", new { id = clinic.Id });

    [Fact]
    public async Task A_clinics_currency_is_stored_and_used_by_its_price_list_new_invoices_checkout_and_receipt_email_while_issued_invoices_keep_theirs()
    {
        var clinic = await fixture.PayingClinicAsync();
        var patient = await App.AddPatientAsync(clinic.Clinic);
        using var owner = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Owner);
        var settings = await owner.GetJsonAsync<JsonElement>(SettingsUrl(clinic.Clinic));
        settings.GetProperty("currency").GetString().ShouldBe("cad");
        var offered = settings.GetProperty("currencies").EnumerateArray().Select(c => c.GetString()).ToList();
        offered.ShouldContain("eur");
        offered.ShouldNotContain("jpy");
        var inCad = (await App.IssuedBillAsync(clinic.Billing, patient.Id)).GetProperty("id").GetGuid();

        (await SaveCurrencyAsync(owner, clinic.Clinic, "EUR")).GetProperty("currency").GetString().ShouldBe("eur");
        (await StoredCurrencyAsync(clinic.Clinic)).ShouldBe("eur");
        (await owner.GetJsonAsync<JsonElement>(ServicesUrl(clinic.Clinic))).GetProperty("currency").GetString().ShouldBe("eur");
        var issued = await App.IssuedBillAsync(clinic.Billing, patient.Id);
        issued.GetProperty("currency").GetString().ShouldBe("eur");
        issued.GetProperty("totalCents").GetInt64().ShouldBe(6825);
        var inEur = issued.GetProperty("id").GetGuid();

        // The invoice issued before the change keeps its currency, for staff and for the patient.
        (await owner.GetJsonAsync<JsonElement>($"{InvoicesUrl(clinic.Clinic)}/{inCad}")).GetProperty("currency").GetString().ShouldBe("cad");
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var bills = (await client.GetJsonAsync<JsonElement>(MyBillsUrl(clinic.Clinic))).GetProperty("items").EnumerateArray()
            .ToDictionary(b => b.GetProperty("id").GetGuid(), b => b.GetProperty("currency").GetString());
        bills[inCad].ShouldBe("cad");
        bills[inEur].ShouldBe("eur");

        // Each Checkout Session is in its invoice's currency, and each payment settles its bill.
        var (eurSession, _) = await client.PayAsync(clinic.Clinic, inEur);
        ((string)Stripe.Session(eurSession)["currency"]!).ShouldBe("eur");
        ((long)Stripe.Session(eurSession)["amount_total"]!).ShouldBe(6825);
        await Stripe.CompleteAsync(eurSession);
        (await App.BillStatusAsync(inEur)).ShouldBe("paid");
        var (cadSession, _) = await client.PayAsync(clinic.Clinic, inCad);
        ((string)Stripe.Session(cadSession)["currency"]!).ShouldBe("cad");
        await Stripe.CompleteAsync(cadSession);
        (await App.BillStatusAsync(inCad)).ShouldBe("paid");

        // The receipt email names the amount in the invoice's currency (the test kit's patients read French).
        var email = await fixture.Smtp.WaitForAsync(
            m => m.Recipients.Contains(patient.Email) && m.Subject is { } subject && subject.StartsWith("Paiement reçu", StringComparison.Ordinal)
                && m.TextBody!.Contains("EUR", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        email.TextBody!.ShouldContain("68,25 EUR");

        // Changing the currency again changes no invoice already made.
        await SaveCurrencyAsync(owner, clinic.Clinic, "usd");
        (await App.QuerySingleAsync<string>("select currency from billing.invoices where id = @inEur", new { inEur })).ShouldBe("eur");
        (await App.QuerySingleAsync<string>("select currency from billing.invoices where id = @inCad", new { inCad })).ShouldBe("cad");
    }

    [Fact]
    public void A_receipt_writes_its_amounts_in_the_invoices_currency()
    {
        var lines = new[] { new InvoiceLineView(1, Guid.NewGuid(), "Form", "Formulaire", 1, 2500, 1300, 325, 2825) };
        ReceiptContent Receipt(string language, string currency) =>
            new(language, "Clinic", "Camille Tremblay", 7, currency, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), lines, 2500, 325, 2825, []);
        Receipt("fr", "eur").Money(2825).ShouldBe("28,25 EUR");
        Receipt("en", "gbp").Money(2825).ShouldBe("28.25 GBP");
        Receipt("en", "cad").Money(2825).ShouldBe("$28.25");
        Receipt("fr", "cad").Money(2825).ShouldBe("28,25 $");
        ReceiptPdf.EnsureFonts(null, null).ShouldBeTrue();
        ReceiptPdf.Render(Receipt("en", "chf")).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A2_only_the_clinics_owners_and_admins_change_its_currency_and_no_one_of_another_clinic_reads_or_changes_it()
    {
        var billing = await App.BillingClinicAsync();
        var other = await App.BillingClinicAsync();
        using (var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff))
        {
            (await staff.GetJsonAsync<JsonElement>(SettingsUrl(billing.Clinic))).GetProperty("currency").GetString().ShouldBe("cad");
            using var refused = await staff.SendJsonAsync(HttpMethod.Put, SettingsUrl(billing.Clinic), new JsonObject { ["currency"] = "eur" });
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var otherOwner = await App.SignedInAsync(other.Clinic, other.Clinic.Owner))
        {
            using var read = await otherOwner.GetAsync(SettingsUrl(billing.Clinic));
            ((int)read.StatusCode).ShouldBeOneOf(401, 403);
            using var change = await otherOwner.SendJsonAsync(HttpMethod.Put, SettingsUrl(billing.Clinic), new JsonObject { ["currency"] = "eur" });
            ((int)change.StatusCode).ShouldBeOneOf(401, 403);
        }

        var patient = await App.AddPatientAsync(billing.Clinic);
        using (var client = await App.SignedInPatientAsync(fixture.Smtp, patient))
        {
            using var change = await client.SendJsonAsync(HttpMethod.Put, SettingsUrl(billing.Clinic), new JsonObject { ["currency"] = "eur" });
            ((int)change.StatusCode).ShouldBeOneOf(401, 403);
        }

        (await StoredCurrencyAsync(billing.Clinic)).ShouldBeNull();
        using (var admin = await App.SignedInAsync(billing.Clinic, billing.Clinic.Admin))
        {
            await SaveCurrencyAsync(admin, billing.Clinic, "gbp");
        }

        (await StoredCurrencyAsync(billing.Clinic)).ShouldBe("gbp");
        (await StoredCurrencyAsync(other.Clinic)).ShouldBeNull();
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'billing.currency.changed'", new { id = billing.Clinic.Id })).ShouldBe(1);
    }

    [Fact]
    public async Task R6_bad_input_to_the_billing_currency_is_a_4xx_problem_and_changes_nothing()
    {
        var billing = await App.BillingClinicAsync();
        using var owner = await App.SignedInAsync(billing.Clinic, billing.Clinic.Owner);
        var cases = BadJson.Mutations(new JsonObject { ["currency"] = "eur" }).Select(m => m.Json).ToList();
        cases.AddRange(
        [
            "{", "[]", "", "null", "{}", """{"currency":null}""", """{"currency":""}""", """{"currency":"jpy"}""", """{"currency":"krw"}""",
            """{"currency":"xyz"}""", """{"currency":"eu"}""", """{"currency":"euro"}""", """{"currency":" eur"}""", """{"currency":123}""",
            """{"currency":["eur"]}""", $$"""{"currency":"{{new string('e', 5000)}}"}""", """{"currency":"e\u0000r"}""",
        ]);
        foreach (var json in cases)
        {
            using var response = await owner.SendRawJsonAsync(HttpMethod.Put, SettingsUrl(billing.Clinic), json);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{json}: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", json);
        }

        using (var zeroDecimal = await owner.SendJsonAsync(HttpMethod.Put, SettingsUrl(billing.Clinic), new JsonObject { ["currency"] = "jpy" }))
        {
            await zeroDecimal.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            (await zeroDecimal.Content.ReadAsStringAsync()).ShouldContain("unsupported_currency");
        }

        (await StoredCurrencyAsync(billing.Clinic)).ShouldBeNull();
        (await owner.GetJsonAsync<JsonElement>(ServicesUrl(billing.Clinic))).GetProperty("currency").GetString().ShouldBe("cad");
    }
}
