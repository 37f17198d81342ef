using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Billing.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestKit.Peers;
using static Portal.Billing.Tests.BillingApi;

namespace Portal.Billing.Tests;

public sealed class PaymentTests(BillingAppFixture fixture) : IClassFixture<BillingAppFixture>
{
    private PortalApp App => fixture.App;

    private StripeStandIn Stripe => fixture.Stripe;

    private async Task<(PayingClinic Clinic, TestPatient Patient, PortalClient Client, Guid BillId)> IssuedAsync()
    {
        var clinic = await fixture.PayingClinicAsync();
        var patient = await App.AddPatientAsync(clinic.Clinic);
        var bill = (await App.IssuedBillAsync(clinic.Billing, patient.Id)).GetProperty("id").GetGuid();
        var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        return (clinic, patient, client, bill);
    }

    [Fact]
    public async Task B2_A3_a_patient_pays_the_servers_amount_and_currency_on_the_checkout_page_and_returns_to_a_paid_bill()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            // Amount, currency or another patient sent along are not read: the session is for the invoice as issued.
            using var pay = await client.SendJsonAsync(HttpMethod.Post, $"{MyBillsUrl(clinic.Clinic)}/{bill}/checkout",
                new JsonObject { ["amountCents"] = 1, ["currency"] = "usd", ["patientId"] = Guid.NewGuid() });
            await pay.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var start = await pay.ReadJsonAsync();
            var sessionId = start.GetProperty("sessionId").GetString()!;
            var session = Stripe.Session(sessionId);
            ((long)session["amount_total"]!).ShouldBe(6825);
            ((string)session["currency"]!).ShouldBe("cad");
            ((string)session["client_reference_id"]!).ShouldBe(bill.ToString());
            ((string)session["success_url"]!).ShouldBe($"{App.BaseAddress.ToString().TrimEnd('/')}/{clinic.Clinic.Slug}/bills/{bill}?checkout={{CHECKOUT_SESSION_ID}}");

            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var page = await browser.GetStringAsync(start.GetProperty("url").GetString());
            page.ShouldContain("68");
            using var paid = await browser.PostAsync(new Uri(Stripe.BaseUrl, $"/pay/{sessionId}/pay"), new FormUrlEncodedContent([]));
            paid.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            paid.Headers.Location!.ToString().ShouldEndWith($"/{clinic.Clinic.Slug}/bills/{bill}?checkout={sessionId}");

            var mine = await client.GetJsonAsync<JsonElement>($"{MyBillsUrl(clinic.Clinic)}/{bill}");
            mine.GetProperty("status").GetString().ShouldBe("paid");
            mine.GetProperty("canPay").GetBoolean().ShouldBeFalse();
            using var again = await client.SendJsonAsync(HttpMethod.Post, $"{MyBillsUrl(clinic.Clinic)}/{bill}/checkout", new JsonObject());
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_payable");
            Stripe.Rejections.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task W3_a_create_retried_after_a_lost_answer_or_a_failed_pay_request_makes_one_checkout_session()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            var before = Stripe.SessionsCreated;
            var replays = Stripe.IdempotentReplays;

            // Stripe made the session but every answer was lost (Stripe.net tries three times): the pay request fails, nothing is kept.
            Stripe.AbortAfterProcessing(3);
            using (var failed = await client.SendJsonAsync(HttpMethod.Post, $"{MyBillsUrl(clinic.Clinic)}/{bill}/checkout", new JsonObject()))
            {
                await failed.ShouldBeProblemAsync(HttpStatusCode.Conflict, "stripe_unavailable");
            }

            (await App.QuerySingleAsync<long>("select count(*) from billing.checkout_sessions where invoice_id = @bill", new { bill })).ShouldBe(0);

            // The patient tries again: the same invoice and attempt, the same key, the session Stripe already made.
            Stripe.AbortAfterProcessing(1);
            var first = await client.PayAsync(clinic.Clinic, bill);
            var clicks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PayAsync(clinic.Clinic, bill)));
            clicks.ShouldAllBe(c => c.SessionId == first.SessionId);
            (Stripe.SessionsCreated - before).ShouldBe(1);
            (Stripe.IdempotentReplays - replays).ShouldBeGreaterThanOrEqualTo(3);
            (await App.QuerySingleAsync<long>("select count(*) from billing.checkout_sessions where invoice_id = @bill", new { bill })).ShouldBe(1);
        }
    }

    [Fact]
    public async Task W1_an_event_with_a_bad_signature_no_signature_or_a_timestamp_older_than_300_seconds_is_400_and_changes_nothing()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
            Stripe.HoldWebhooks = true;
            var completed = await Stripe.CompleteAsync(sessionId);
            Stripe.HoldWebhooks = false;
            (await Stripe.DeliverAsync(completed, new StripeDeliveryOptions(Secret: "whsec_" + new string('a', 32)))).ShouldBe(400);
            (await Stripe.DeliverAsync(completed, new StripeDeliveryOptions(SignedAt: App.Clock.GetUtcNow().AddSeconds(-301)))).ShouldBe(400);
            using (var http = new HttpClient())
            {
                using var unsigned = await http.PostAsync(clinic.Stripe.WebhookUrl, new StringContent(completed.ToJsonString(), Encoding.UTF8, "application/json"));
                unsigned.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
                // Signed right, but over another body.
                var header = StripeStandIn.SignatureHeader(clinic.Stripe.WebhookSecret, App.Clock.GetUtcNow().ToUnixTimeSeconds(), completed.ToJsonString());
                using var tampered = new HttpRequestMessage(HttpMethod.Post, clinic.Stripe.WebhookUrl)
                {
                    Content = new StringContent(completed.ToJsonString().Replace("6825", "6826", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
                };
                tampered.Headers.TryAddWithoutValidation("Stripe-Signature", header);
                (await http.SendAsync(tampered)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            }

            (await App.BillStatusAsync(bill)).ShouldBe("issued");
            (await App.QuerySingleAsync<long>("select count(*) from billing.stripe_events where clinic_id = @id", new { id = clinic.Clinic.Id })).ShouldBe(0);

            // Within the tolerance, the same event is taken.
            (await Stripe.DeliverAsync(completed, new StripeDeliveryOptions(SignedAt: App.Clock.GetUtcNow().AddSeconds(-250)))).ShouldBe(204);
            (await App.BillStatusAsync(bill)).ShouldBe("paid");
        }
    }

    [Fact]
    public async Task W2_duplicate_and_out_of_order_events_change_a_bill_once_and_never_backwards()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
            Stripe.HoldWebhooks = true;
            var completed = await Stripe.CompleteAsync(sessionId, asyncPayment: true);
            var succeeded = await Stripe.SettleAsyncPaymentAsync(sessionId, succeeded: true);
            Stripe.HoldWebhooks = false;

            // The later event first, three times; then the earlier one (complete, unpaid) changes nothing.
            (await Stripe.DeliverAsync(succeeded, new StripeDeliveryOptions(Times: 3))).ShouldBe(204);
            (await Stripe.DeliverAsync(completed)).ShouldBe(204);
            (await App.BillStatusAsync(bill)).ShouldBe("paid");
            (await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'billing.invoice.paid' and target_id = @bill", new { bill = bill.ToString() })).ShouldBe(1);
            (await App.QuerySingleAsync<string>("select payment_status from billing.checkout_sessions where id = @sessionId", new { sessionId })).ShouldBe("paid");

            // Two refunds whose charge.refunded events come back in reverse order, twice: the refunded amount only rises.
            using var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff);
            Stripe.HoldWebhooks = true;
            await staff.PostOkAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject { ["amountCents"] = 1000 });
            await staff.PostOkAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject { ["amountCents"] = 2000 });
            await Stripe.IdleAsync();
            var refunds = Stripe.HeldEvents.Where(e => (string)e["type"]! == "charge.refunded").ToList();
            refunds.Count.ShouldBe(2);
            await Stripe.ReleaseAsync([refunds[1], refunds[0], refunds[1], refunds[0]]);
            var invoice = await staff.GetJsonAsync<JsonElement>($"{InvoicesUrl(clinic.Clinic)}/{bill}");
            invoice.GetProperty("refundedCents").GetInt64().ShouldBe(3000);
            invoice.GetProperty("status").GetString().ShouldBe("partially_refunded");
        }
    }

    [Fact]
    public async Task W2_the_same_paid_event_delivered_eight_times_at_once_pays_the_bill_once_with_one_stored_event_audit_entry_and_receipt()
    {
        var (clinic, patient, client, bill) = await IssuedAsync();
        using (client)
        {
            var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
            var completed = await Stripe.HeldAsync(() => Stripe.CompleteAsync(sessionId));
            var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Stripe.DeliverAsync(completed))));
            statuses.ShouldAllBe(status => status == 204);
            (await App.BillStatusAsync(bill)).ShouldBe("paid");
            (await App.QuerySingleAsync<long>(
                "select count(*) from billing.stripe_events where clinic_id = @id and event_id = @eventId",
                new { id = clinic.Clinic.Id, eventId = (string)completed["id"]! })).ShouldBe(1);
            (await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'billing.invoice.paid' and target_id = @bill", new { bill = bill.ToString() })).ShouldBe(1);
            await App.MakeReceiptsAsync();
            (await App.QuerySingleAsync<long>(
                "select count(*) from registration.documents where clinic_id = @clinicId and patient_id = @patientId and type = 'invoice'",
                new { clinicId = clinic.Clinic.Id, patientId = patient.Id })).ShouldBe(1);
        }
    }

    [Fact]
    public async Task W2_a_session_paid_with_another_amount_or_currency_than_the_bills_leaves_it_unpaid()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
            (await Stripe.DeliverAsync(await Stripe.HeldAsync(() => Stripe.CompleteAlteredAsync(sessionId, 100, "cad")))).ShouldBe(204);
            (await Stripe.DeliverAsync(await Stripe.HeldAsync(() => Stripe.CompleteAlteredAsync(sessionId, 6825, "usd")))).ShouldBe(204);
            (await App.BillStatusAsync(bill)).ShouldBe("issued");
            (await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'billing.payment.mismatch' and target_id = @bill", new { bill = bill.ToString() })).ShouldBe(2);
        }
    }

    [Fact]
    public async Task Staff_refund_half_then_the_rest_and_the_patient_sees_partially_refunded_then_refunded()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
            await Stripe.CompleteAsync(sessionId);
            using var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff);
            var half = await staff.PostOkAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject { ["amountCents"] = 3412 });
            half.GetProperty("status").GetString().ShouldBe("partially_refunded");
            half.GetProperty("refundedCents").GetInt64().ShouldBe(3412);
            await Stripe.IdleAsync();
            (await client.GetJsonAsync<JsonElement>($"{MyBillsUrl(clinic.Clinic)}/{bill}")).GetProperty("status").GetString().ShouldBe("partially_refunded");

            using (var tooMuch = await staff.SendJsonAsync(HttpMethod.Post, $"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject { ["amountCents"] = 3414 }))
            {
                await tooMuch.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "refund_too_large");
            }

            var rest = await staff.PostOkAsync($"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject());
            rest.GetProperty("status").GetString().ShouldBe("refunded");
            rest.GetProperty("refundedCents").GetInt64().ShouldBe(6825);
            await Stripe.IdleAsync();
            (await client.GetJsonAsync<JsonElement>($"{MyBillsUrl(clinic.Clinic)}/{bill}")).GetProperty("status").GetString().ShouldBe("refunded");
            using var again = await staff.SendJsonAsync(HttpMethod.Post, $"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds", new JsonObject());
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_refundable");
            (await App.QuerySingleAsync<long>("select sum(amount_cents)::bigint from billing.refunds where invoice_id = @bill", new { bill })).ShouldBe(6825);
        }
    }

    [Fact]
    public async Task Reconciliation_settles_a_paid_session_whose_webhook_never_came_and_an_expired_one_and_leaves_an_open_one_open()
    {
        var paid = await IssuedAsync();
        var expired = await IssuedAsync();
        var open = await IssuedAsync();
        using (paid.Client)
        using (expired.Client)
        using (open.Client)
        {
            var paidSession = (await paid.Client.PayAsync(paid.Clinic.Clinic, paid.BillId)).SessionId;
            var expiredSession = (await expired.Client.PayAsync(expired.Clinic.Clinic, expired.BillId)).SessionId;
            var openSession = (await open.Client.PayAsync(open.Clinic.Clinic, open.BillId)).SessionId;
            Stripe.HoldWebhooks = true;
            await Stripe.CompleteAsync(paidSession);
            await Stripe.ExpireAsync(expiredSession);
            Stripe.HoldWebhooks = false;

            // Not yet: sessions are left to their webhooks for a few minutes.
            await RunReconciliationAsync();
            (await App.BillStatusAsync(paid.BillId)).ShouldBe("issued");

            App.Clock.Advance(ReconcileCheckoutsJob.Grace + TimeSpan.FromMinutes(1));
            await RunReconciliationAsync();
            (await App.BillStatusAsync(paid.BillId)).ShouldBe("paid");
            (await SessionStatusAsync(paidSession)).ShouldBe("complete");
            (await SessionStatusAsync(expiredSession)).ShouldBe("expired");
            (await App.BillStatusAsync(expired.BillId)).ShouldBe("issued");
            (await SessionStatusAsync(openSession)).ShouldBe("open");

            // A new Pay after the expiry makes a new session, the invoice's second attempt.
            var next = await expired.Client.PayAsync(expired.Clinic.Clinic, expired.BillId);
            next.SessionId.ShouldNotBe(expiredSession);
            (await App.QuerySingleAsync<int>("select attempt from billing.checkout_sessions where id = @id", new { id = next.SessionId })).ShouldBe(2);

            // The webhooks coming late change nothing more.
            await Stripe.ReleaseAsync();
            (await App.BillStatusAsync(paid.BillId)).ShouldBe("paid");
        }
    }

    [Fact]
    public async Task An_async_payment_that_fails_leaves_the_bill_to_pay_and_an_expired_session_is_replaced_on_the_next_pay()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
            await Stripe.CompleteAsync(sessionId, asyncPayment: true);
            await Stripe.SettleAsyncPaymentAsync(sessionId, succeeded: false);
            (await App.BillStatusAsync(bill)).ShouldBe("issued");
            (await SessionStatusAsync(sessionId)).ShouldBe("complete");
            var retry = await client.PayAsync(clinic.Clinic, bill);
            retry.SessionId.ShouldNotBe(sessionId);
            await Stripe.ExpireAsync(retry.SessionId);
            (await SessionStatusAsync(retry.SessionId)).ShouldBe("expired");
            (await client.PayAsync(clinic.Clinic, bill)).SessionId.ShouldNotBe(retry.SessionId);
        }
    }

    [Fact]
    public async Task A1_a_patient_paying_another_patients_bill_gets_404_and_no_session_is_made()
    {
        var (clinic, _, alice, bill) = await IssuedAsync();
        using (alice)
        {
            var bob = await App.AddPatientAsync(clinic.Clinic, "Bob");
            using var bobClient = await App.SignedInPatientAsync(fixture.Smtp, bob);
            var before = Stripe.SessionsCreated;
            using var response = await bobClient.SendJsonAsync(HttpMethod.Post, $"{MyBillsUrl(clinic.Clinic)}/{bill}/checkout", new JsonObject());
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bill_not_found");
            Stripe.SessionsCreated.ShouldBe(before);
        }
    }

    [Fact]
    public async Task R6_bad_input_to_pay_refund_and_the_webhook_is_a_4xx_problem_and_changes_nothing()
    {
        var (clinic, _, client, bill) = await IssuedAsync();
        using (client)
        {
            using var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff);
            var refunds = $"{InvoicesUrl(clinic.Clinic)}/{bill}/refunds";
            var cases = new List<(PortalClient, HttpMethod, string, string)>();
            cases.AddRange(BadJson.Mutations(new JsonObject { ["amountCents"] = 100 }).Select(m => (staff, HttpMethod.Post, refunds, m.Json)));
            cases.AddRange(new[] { "{", "[]", "", "null", """{"amountCents":-1}""", """{"amountCents":0}""", """{"amountCents":1.5}""", """{"amountCents":"100"}""" }
                .Select(json => (staff, HttpMethod.Post, refunds, json)));
            cases.Add((staff, HttpMethod.Post, refunds, "{}"));
            cases.Add((staff, HttpMethod.Post, $"{InvoicesUrl(clinic.Clinic)}/{Guid.NewGuid()}/refunds", "{}"));
            cases.Add((client, HttpMethod.Post, $"{MyBillsUrl(clinic.Clinic)}/{Guid.NewGuid()}/checkout", "{}"));
            cases.Add((client, HttpMethod.Post, $"{MyBillsUrl(clinic.Clinic)}/not-an-id/checkout", "{}"));
            cases.Add((client, HttpMethod.Get, $"{MyBillsUrl(clinic.Clinic)}/{bill}/checkout", ""));
            foreach (var (who, method, path, json) in cases)
            {
                using var response = method == HttpMethod.Get ? await who.SendAsync(method, path) : await who.SendRawJsonAsync(method, path, json);
                ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} {json}: {await response.Content.ReadAsStringAsync()}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path} {json}");
            }

            using var http = new HttpClient();
            var now = App.Clock.GetUtcNow().ToUnixTimeSeconds();
            foreach (var (body, type, signature) in new (string, string, string?)[]
                     {
                         ("not json", "application/json", null),
                         ("{}", "application/json", null),
                         ("""{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"object":"checkout.session","id":5}}}""", "application/json", null),
                         ("{\"id\":\"evt_\u0000\"}", "application/json", null),
                         ("{}", "text/plain", null),
                         (new string('x', 70_000), "application/json", null),
                         ("{}", "application/json", "t=abc,v1=zz"),
                         ("{}", "application/json", "garbage"),
                     })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, clinic.Stripe.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, type) };
                request.Content.Headers.ContentType!.CharSet = null;
                request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? StripeStandIn.SignatureHeader(clinic.Stripe.WebhookSecret, now, body));
                // A connection of its own for each: the one that gets 413 before its body is read is closed by the server.
                using var fresh = new HttpClient();
                using var response = await fresh.SendAsync(request);
                ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{type} {body[..Math.Min(body.Length, 60)]}: {await response.Content.ReadAsStringAsync()}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body[..Math.Min(body.Length, 60)]);
            }

            using var otherClinic = await http.PostAsync(
                new Uri(App.BaseAddress, "/api/clinics/no-such-clinic/billing/stripe/webhook"), new StringContent("{}", Encoding.UTF8, "application/json"));
            otherClinic.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await App.BillStatusAsync(bill)).ShouldBe("issued");
            (await App.QuerySingleAsync<long>("select count(*) from billing.refunds where invoice_id = @bill", new { bill })).ShouldBe(0);
        }
    }

    private Task<string> SessionStatusAsync(string id) =>
        App.QuerySingleAsync<string>("select status from billing.checkout_sessions where id = @id", new { id });

    private Task<bool> RunReconciliationAsync() =>
        App.InScopeAsync(async services =>
        {
            await ActivatorUtilities.CreateInstance<ReconcileCheckoutsJob>(services).RunAsync(CancellationToken.None);
            return true;
        });
}
