using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Billing.Tests.BillingApi;

namespace Portal.Billing.Tests;

public sealed class InvoiceTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private const string SecretKey = "sk_test_invoicetests0123456789";

    private PortalApp App => fixture.App;

    [Fact]
    public async Task A3_staff_name_services_and_quantities_and_the_server_decides_prices_tax_totals_and_currency()
    {
        var billing = await App.BillingClinicAsync();
        var patient = await App.AddPatientAsync(billing.Clinic);
        using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        var body = Draft(patient.Id, (billing.FormId, 3), (billing.MissedId, 1));
        // Amounts and currency sent along are not the invoice's: the price list and the server decide them.
        body["totalCents"] = 1;
        body["currency"] = "usd";
        ((JsonObject)body["lines"]![0]!)["unitPriceCents"] = 1;
        using var response = await staff.SendJsonAsync(HttpMethod.Post, InvoicesUrl(billing.Clinic), body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            body.Remove("totalCents");
            body.Remove("currency");
            ((JsonObject)body["lines"]![0]!).Remove("unitPriceCents");
        }

        var draft = response.StatusCode == HttpStatusCode.Created ? await response.ReadJsonAsync() : await staff.CreatedAsync(InvoicesUrl(billing.Clinic), body);
        draft.GetProperty("status").GetString().ShouldBe("draft");
        draft.GetProperty("number").ValueKind.ShouldBe(JsonValueKind.Null);
        draft.GetProperty("currency").GetString().ShouldBe("cad");
        // 3 × 25.00 = 75.00, 13 % tax 9.75; 40.00 untaxed.
        draft.GetProperty("subtotalCents").GetInt64().ShouldBe(11500);
        draft.GetProperty("taxCents").GetInt64().ShouldBe(975);
        draft.GetProperty("totalCents").GetInt64().ShouldBe(12475);
        var lines = draft.GetProperty("lines").EnumerateArray().ToList();
        lines[0].GetProperty("unitPriceCents").GetInt64().ShouldBe(2500);
        lines[0].GetProperty("taxCents").GetInt64().ShouldBe(975);
        lines[0].GetProperty("totalCents").GetInt64().ShouldBe(8475);
        lines[1].GetProperty("taxRateBasisPoints").GetInt32().ShouldBe(0);
        (await App.QuerySingleAsync<long>("select total_cents from billing.invoices where id = @id", new { id = draft.GetProperty("id").GetGuid() })).ShouldBe(12475);
    }

    [Fact]
    public async Task Issuing_numbers_a_clinics_invoices_without_gaps_even_when_staff_issue_them_at_once()
    {
        var billing = await App.BillingClinicAsync();
        var patient = await App.AddPatientAsync(billing.Clinic);
        using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        var drafts = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            drafts.Add((await staff.CreatedAsync(InvoicesUrl(billing.Clinic), Draft(patient.Id, (billing.MissedId, 1)))).GetProperty("id").GetGuid());
        }

        // One issue fails after taking its number (issued twice at once: the second is refused) and gives it back.
        var issues = drafts.Concat([drafts[0]]).Select(async id =>
        {
            using var response = await staff.SendJsonAsync(HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/{id}/issue", new JsonObject());
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(issues);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(8);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(1);
        var numbers = await App.QueryAsync<int>("select number from billing.invoices where clinic_id = @id order by number", new { id = billing.Clinic.Id });
        numbers.ShouldBe(Enumerable.Range(1, 8).ToList());

        // Another clinic counts from 1.
        var other = await App.BillingClinicAsync();
        var otherPatient = await App.AddPatientAsync(other.Clinic);
        (await App.IssuedBillAsync(other, otherPatient.Id)).GetProperty("number").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Issuing_sends_the_patient_a_message_with_the_bill_while_the_email_announcing_it_holds_no_amount()
    {
        var billing = await App.BillingClinicAsync();
        var patient = await App.AddPatientAsync(billing.Clinic);
        var bill = await App.IssuedBillAsync(billing, patient.Id);
        bill.GetProperty("status").GetString().ShouldBe("issued");
        bill.GetProperty("number").GetInt32().ShouldBe(1);

        var body = await App.QuerySingleAsync<string>(
            "select m.body from messaging.messages m join messaging.conversations c on c.id = m.conversation_id where c.patient_id = @id",
            new { id = patient.Id });
        // In the patient's language: $68.25 in English, 68,25 $ in French.
        body.ShouldMatch(@"(\$68\.25|68,25 \$)");
        body.ShouldMatch("(no\\.|n°) 1,");
        var email = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(patient.Email), TimeSpan.FromSeconds(60));
        email.TextBody!.ShouldNotContain("68.25");
        email.TextBody!.ShouldNotContain("68,25");
        email.TextBody!.ShouldNotContain("$");

        using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        using var again = await staff.SendJsonAsync(HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/{bill.GetProperty("id").GetGuid()}/issue", new JsonObject());
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_draft");
    }

    [Fact]
    public async Task A_patients_bills_come_newest_first_each_with_its_own_lines_in_order_as_staff_see_them()
    {
        var billing = await App.BillingClinicAsync(SecretKey);
        var patient = await App.AddPatientAsync(billing.Clinic);
        using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        var issued = new List<JsonElement>();
        foreach (var lines in new[]
                 {
                     new[] { (billing.FormId, 2) },
                     [(billing.MissedId, 1), (billing.FormId, 1), (billing.MissedId, 3)],
                     [(billing.FormId, 5), (billing.MissedId, 2)],
                 })
        {
            var draft = await staff.CreatedAsync(InvoicesUrl(billing.Clinic), Draft(patient.Id, lines));
            issued.Add(await staff.PostOkAsync($"{InvoicesUrl(billing.Clinic)}/{draft.GetProperty("id").GetGuid()}/issue"));
        }

        static string Lines(JsonElement bill) => string.Join(
            "; ",
            bill.GetProperty("lines").EnumerateArray().Select(l =>
                $"{l.GetProperty("position")} {l.GetProperty("serviceId")} x{l.GetProperty("quantity")} {l.GetProperty("totalCents")}"));

        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var mine = (await client.GetJsonAsync<JsonElement>(MyBillsUrl(billing.Clinic))).GetProperty("items").EnumerateArray().ToList();
        mine.Select(b => b.GetProperty("id").GetGuid()).ShouldBe(issued.Select(b => b.GetProperty("id").GetGuid()).Reverse());
        foreach (var (bill, asIssued) in mine.Zip(Enumerable.Reverse(issued)))
        {
            Lines(bill).ShouldBe(Lines(asIssued));
            bill.GetProperty("totalCents").GetInt64().ShouldBe(asIssued.GetProperty("totalCents").GetInt64());
            var one = await client.GetJsonAsync<JsonElement>($"{MyBillsUrl(billing.Clinic)}/{bill.GetProperty("id").GetGuid()}");
            one.GetRawText().ShouldBe(bill.GetRawText());
        }

        Lines(mine[1]).Split("; ").Length.ShouldBe(3);
    }

    [Fact]
    public async Task A1_a_patient_sees_their_own_issued_bills_and_gets_404_for_another_patients_a_draft_or_a_voided_one()
    {
        var billing = await App.BillingClinicAsync(SecretKey);
        var alice = await App.AddPatientAsync(billing.Clinic, "Alice");
        var bob = await App.AddPatientAsync(billing.Clinic, "Bob");
        var alicesBill = (await App.IssuedBillAsync(billing, alice.Id)).GetProperty("id").GetGuid();
        var bobsBill = (await App.IssuedBillAsync(billing, bob.Id)).GetProperty("id").GetGuid();
        using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        var draft = (await staff.CreatedAsync(InvoicesUrl(billing.Clinic), Draft(alice.Id, (billing.FormId, 1)))).GetProperty("id").GetGuid();
        var voided = (await App.IssuedBillAsync(billing, alice.Id)).GetProperty("id").GetGuid();
        (await staff.PostOkAsync($"{InvoicesUrl(billing.Clinic)}/{voided}/void")).GetProperty("status").GetString().ShouldBe("void");

        using var client = await App.SignedInPatientAsync(fixture.Smtp, alice);
        var mine = await client.GetJsonAsync<JsonElement>(MyBillsUrl(billing.Clinic));
        mine.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ShouldBe([alicesBill]);
        var one = await client.GetJsonAsync<JsonElement>($"{MyBillsUrl(billing.Clinic)}/{alicesBill}");
        one.GetProperty("totalCents").GetInt64().ShouldBe(6825);
        one.GetProperty("canPay").GetBoolean().ShouldBeTrue();
        foreach (var id in new[] { bobsBill, draft, voided, Guid.NewGuid() })
        {
            using var response = await client.GetAsync($"{MyBillsUrl(billing.Clinic)}/{id}");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bill_not_found");
        }

        // A patient is not staff: the clinic's invoices are not theirs to read.
        using var staffList = await client.GetAsync(InvoicesUrl(billing.Clinic));
        ((int)staffList.StatusCode).ShouldBeOneOf(401, 403);
    }

    [Fact]
    public async Task S5_patient_bills_are_404_while_billing_is_off_or_the_clinic_has_no_stripe_keys_and_staff_still_see_invoices()
    {
        var withoutKeys = await App.BillingClinicAsync();
        var offWithKeys = await App.BillingClinicAsync(SecretKey, billingOn: false);
        foreach (var billing in new[] { withoutKeys, offWithKeys })
        {
            var patient = await App.AddPatientAsync(billing.Clinic);
            var bill = (await App.IssuedBillAsync(billing, patient.Id)).GetProperty("id").GetGuid();
            using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
            foreach (var path in new[] { MyBillsUrl(billing.Clinic), $"{MyBillsUrl(billing.Clinic)}/{bill}" })
            {
                using var response = await client.GetAsync(path);
                await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "billing_off");
            }

            using (var pay = await client.SendJsonAsync(HttpMethod.Post, $"{MyBillsUrl(billing.Clinic)}/{bill}/checkout", new JsonObject()))
            {
                await pay.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }

            using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
            (await staff.GetJsonAsync<JsonElement>($"{InvoicesUrl(billing.Clinic)}/{bill}")).GetProperty("status").GetString().ShouldBe("issued");
        }
    }

    [Fact]
    public async Task A2_staff_of_one_clinic_reach_no_invoice_or_service_of_another()
    {
        var mine = await App.BillingClinicAsync();
        var theirs = await App.BillingClinicAsync();
        var theirPatient = await App.AddPatientAsync(theirs.Clinic);
        var theirBill = (await App.IssuedBillAsync(theirs, theirPatient.Id)).GetProperty("id").GetGuid();
        using var staff = await App.SignedInAsync(mine.Clinic, mine.Clinic.Staff);
        using (var read = await staff.GetAsync($"{InvoicesUrl(mine.Clinic)}/{theirBill}"))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "invoice_not_found");
        }

        using (var other = await staff.GetAsync($"{InvoicesUrl(theirs.Clinic)}/{theirBill}"))
        {
            ((int)other.StatusCode).ShouldBeOneOf(401, 403);
        }

        var myPatient = await App.AddPatientAsync(mine.Clinic);
        using (var foreignService = await staff.SendJsonAsync(HttpMethod.Post, InvoicesUrl(mine.Clinic), Draft(myPatient.Id, (theirs.FormId, 1))))
        {
            await foreignService.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "service_not_found");
        }

        using var foreignPatient = await staff.SendJsonAsync(HttpMethod.Post, InvoicesUrl(mine.Clinic), Draft(theirPatient.Id, (mine.FormId, 1)));
        await foreignPatient.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "patient_not_found");
    }

    [Fact]
    public async Task Voiding_is_for_drafts_and_unpaid_bills_and_a_voided_draft_takes_no_number()
    {
        var billing = await App.BillingClinicAsync();
        var patient = await App.AddPatientAsync(billing.Clinic);
        using var staff = await App.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        var draft = (await staff.CreatedAsync(InvoicesUrl(billing.Clinic), Draft(patient.Id, (billing.FormId, 1)))).GetProperty("id").GetGuid();
        var voided = await staff.PostOkAsync($"{InvoicesUrl(billing.Clinic)}/{draft}/void");
        voided.GetProperty("status").GetString().ShouldBe("void");
        voided.GetProperty("number").ValueKind.ShouldBe(JsonValueKind.Null);
        using (var again = await staff.SendJsonAsync(HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/{draft}/void", new JsonObject()))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_void");
        }

        using (var issue = await staff.SendJsonAsync(HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/{draft}/issue", new JsonObject()))
        {
            await issue.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_draft");
        }

        (await App.IssuedBillAsync(billing, patient.Id)).GetProperty("number").GetInt32().ShouldBe(1);
        var list = await staff.GetJsonAsync<JsonElement>($"{InvoicesUrl(billing.Clinic)}?status=void&patientId={patient.Id}");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldBe([draft]);
    }

    [Fact]
    public async Task R6_bad_input_to_the_staff_and_patient_billing_endpoints_is_a_4xx_problem_and_changes_nothing()
    {
        var billing = await App.BillingClinicAsync(SecretKey);
        var patient = await App.AddPatientAsync(billing.Clinic);
        using var owner = await App.SignedInAsync(billing.Clinic, billing.Clinic.Owner);
        var bill = (await App.IssuedBillAsync(billing, patient.Id)).GetProperty("id").GetGuid();
        var before = await App.QuerySingleAsync<long>("select count(*) from billing.invoices where clinic_id = @id", new { id = billing.Clinic.Id });
        var cases = new List<(HttpMethod, string, string)>();
        var draft = Draft(patient.Id, (billing.FormId, 1));
        cases.AddRange(BadJson.Mutations(draft).Select(m => (HttpMethod.Post, InvoicesUrl(billing.Clinic), m.Json)));
        cases.AddRange(new[]
        {
            "{", "[]", "", "null", "{}", """{"patientId":"nope","lines":[]}""", $$"""{"patientId":"{{patient.Id}}","lines":[]}""",
            $$"""{"patientId":"{{patient.Id}}","lines":[{"serviceId":"{{billing.FormId}}","quantity":0}]}""",
            $$"""{"patientId":"{{patient.Id}}","lines":[{"serviceId":"{{billing.FormId}}","quantity":1001}]}""",
            $$"""{"patientId":"{{patient.Id}}","lines":[{"serviceId":"{{billing.FormId}}","quantity":1.5}]}""",
            $$"""{"patientId":"{{patient.Id}}","lines":[{"serviceId":"{{Guid.NewGuid()}}","quantity":1}]}""",
            $$"""{"patientId":"{{Guid.NewGuid()}}","lines":[{"serviceId":"{{billing.FormId}}","quantity":1}]}""",
            $$"""{"patientId":"{{patient.Id}}","lines":[{"serviceId":"{{billing.FormId}}","quantity":1}],"note":"\u0000{{new string('x', 1001)}}"}""",
        }.Select(json => (HttpMethod.Post, InvoicesUrl(billing.Clinic), json)));
        var service = Service("NEW", 100, 0);
        cases.AddRange(BadJson.Mutations(service).Select(m => (HttpMethod.Post, ServicesUrl(billing.Clinic), m.Json)));
        cases.AddRange(new[]
        {
            Service("FORM", 100, 0), Service("bad code!", 100, 0), Service("NEG", -1, 0), Service("TAX", 100, 10001), Service("BIG", 100_000_001, 0),
        }.Select(s => (HttpMethod.Post, ServicesUrl(billing.Clinic), s.ToJsonString())));
        cases.Add((HttpMethod.Put, $"{ServicesUrl(billing.Clinic)}/{Guid.NewGuid()}", Service("X", 1, 0).ToJsonString()));
        cases.Add((HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/{Guid.NewGuid()}/issue", "{}"));
        cases.Add((HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/{Guid.NewGuid()}/void", "{}"));
        cases.Add((HttpMethod.Post, $"{InvoicesUrl(billing.Clinic)}/not-an-id/issue", "{}"));
        cases.Add((HttpMethod.Get, $"{InvoicesUrl(billing.Clinic)}?status=lost", ""));
        cases.Add((HttpMethod.Get, $"{InvoicesUrl(billing.Clinic)}?patientId=nope", ""));
        cases.Add((HttpMethod.Get, $"{InvoicesUrl(billing.Clinic)}/{Guid.NewGuid()}", ""));
        cases.Add((HttpMethod.Delete, $"{InvoicesUrl(billing.Clinic)}/{bill}", ""));

        foreach (var (method, path, json) in cases)
        {
            using var response = method == HttpMethod.Get || method == HttpMethod.Delete
                ? await owner.SendAsync(method, path)
                : await owner.SendRawJsonAsync(method, path, json);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} {json}: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path} {json}");
        }

        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        foreach (var path in new[] { $"{MyBillsUrl(billing.Clinic)}/not-an-id", $"{MyBillsUrl(billing.Clinic)}/{Guid.NewGuid()}" })
        {
            using var response = await client.GetAsync(path);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, path);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", path);
        }

        (await App.QuerySingleAsync<long>("select count(*) from billing.invoices where clinic_id = @id", new { id = billing.Clinic.Id })).ShouldBe(before);
        (await App.QuerySingleAsync<long>("select count(*) from billing.services where clinic_id = @id", new { id = billing.Clinic.Id })).ShouldBe(2);
    }
}
