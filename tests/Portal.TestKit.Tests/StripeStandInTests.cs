using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.TestKit.Peers;
using Stripe;
using Stripe.Checkout;

namespace Portal.TestKit.Tests;

/// <summary>The Stripe stand-in speaks Stripe's protocol: Stripe.net's own client and signature check agree with it.</summary>
public sealed class StripeStandInTests : IAsyncLifetime
{
    private const string SecretKey = "sk_test_standin0123456789abcdef";

    private StripeStandIn _stripe = null!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStandIn.StartAsync();
        _stripe.AddAccount(SecretKey, null, "whsec_standin0123456789");
    }

    public async Task DisposeAsync() => await _stripe.DisposeAsync();

    private StripeClient Client(string key = SecretKey) =>
        new StripeClient(new StripeClientOptions { ApiKey = key, ApiBase = _stripe.BaseUrl.ToString().TrimEnd('/') });

    private static SessionCreateOptions Create(long amount = 6825, string currency = "cad") => new()
    {
        Mode = "payment",
        SuccessUrl = "http://127.0.0.1/demo/bills/1?checkout={CHECKOUT_SESSION_ID}",
        CancelUrl = "http://127.0.0.1/demo/bills/1?checkout=cancelled",
        Metadata = new Dictionary<string, string> { ["portal_invoice_id"] = "1" },
        LineItems =
        [
            new SessionLineItemOptions
            {
                Quantity = 1,
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = currency, UnitAmount = amount, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Bill no. 1" },
                },
            },
        ],
    };

    [Fact]
    public async Task Stripe_net_creates_and_retrieves_a_checkout_session_form_encoded_with_its_line_items_and_metadata()
    {
        var sessions = new SessionService(Client());
        var created = await sessions.CreateAsync(Create());
        created.Id.ShouldStartWith("cs_test_");
        created.AmountTotal.ShouldBe(6825);
        created.Currency.ShouldBe("cad");
        created.Status.ShouldBe("open");
        created.PaymentStatus.ShouldBe("unpaid");
        created.Metadata["portal_invoice_id"].ShouldBe("1");
        created.Url.ShouldStartWith(_stripe.BaseUrl.ToString());
        var read = await sessions.GetAsync(created.Id);
        read.Id.ShouldBe(created.Id);
        _stripe.Rejections.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_idempotency_key_answers_the_first_session_and_another_body_with_it_is_an_idempotency_error()
    {
        var sessions = new SessionService(Client());
        var key = new RequestOptions { IdempotencyKey = "invoice-1-attempt-1" };
        var first = await sessions.CreateAsync(Create(), key);
        var again = await sessions.CreateAsync(Create(), key);
        again.Id.ShouldBe(first.Id);
        _stripe.SessionsCreated.ShouldBe(1);
        var refused = await Should.ThrowAsync<StripeException>(() => sessions.CreateAsync(Create(amount: 100), key));
        refused.HttpStatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.StripeError.Type.ShouldBe("idempotency_error");
    }

    [Fact]
    public async Task A_lost_answer_is_retried_by_stripe_net_with_its_key_and_makes_one_session()
    {
        _stripe.AbortAfterProcessing(1);
        var client = new StripeClient(new StripeClientOptions
        {
            ApiKey = SecretKey,
            ApiBase = _stripe.BaseUrl.ToString().TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(new HttpClient(), maxNetworkRetries: 2),
        });
        var created = await new SessionService(client).CreateAsync(Create(), new RequestOptions { IdempotencyKey = "lost-answer" });
        created.Id.ShouldStartWith("cs_test_");
        _stripe.SessionsCreated.ShouldBe(1);
        _stripe.IdempotentReplays.ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_401_and_a_json_body_is_refused_as_stripe_refuses_it()
    {
        var wrong = await Should.ThrowAsync<StripeException>(() => new SessionService(Client("sk_test_wrong0123456789")).GetAsync("cs_test_x"));
        wrong.HttpStatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var http = new HttpClient();
        using (var anonymous = await http.GetAsync(new Uri(_stripe.BaseUrl, "/v1/checkout/sessions/cs_test_x")))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString()
                .ShouldBe("invalid_request_error");
        }

        using var json = new HttpRequestMessage(HttpMethod.Post, new Uri(_stripe.BaseUrl, "/v1/checkout/sessions"))
        {
            Content = new StringContent("""{"mode":"payment"}""", Encoding.UTF8, "application/json"),
        };
        json.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretKey);
        using var response = await http.SendAsync(json);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void Its_signature_header_is_the_one_stripe_net_checks_and_an_old_or_foreign_one_fails()
    {
        const string secret = "whsec_standin0123456789";
        var payload = """{"id":"evt_1","object":"event","api_version":"2026-10-28.endive","created":1,"data":{"object":{"id":"cs_test_1","object":"checkout.session"}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"checkout.session.completed"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = StripeStandIn.SignatureHeader(secret, now, payload);
        header.ShouldStartWith($"t={now},v1=");
        EventUtility.ConstructEvent(payload, header, secret, 300, now, throwOnApiVersionMismatch: false).Id.ShouldBe("evt_1");
        Should.Throw<StripeException>(() => EventUtility.ConstructEvent(payload, header, secret, 300, now + 301, throwOnApiVersionMismatch: false));
        Should.Throw<StripeException>(() => EventUtility.ConstructEvent(payload, header, "whsec_other0123456789", 300, now, throwOnApiVersionMismatch: false));
    }

    [Fact]
    public async Task A_refund_past_what_was_paid_is_refused_and_one_within_it_is_made()
    {
        var sessions = new SessionService(Client());
        var created = await sessions.CreateAsync(Create());
        var completed = await _stripe.CompleteAsync(created.Id);
        var intent = completed["data"]!["object"]!["payment_intent"]!.GetValue<string>();
        var refunds = new RefundService(Client());
        var half = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent, Amount = 3412 });
        half.Amount.ShouldBe(3412);
        half.Status.ShouldBe("succeeded");
        var tooMuch = await Should.ThrowAsync<StripeException>(() => refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent, Amount = 3414 }));
        tooMuch.StripeError.Code.ShouldBe("amount_too_large");
        (await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent })).Amount.ShouldBe(3413);
    }
}
