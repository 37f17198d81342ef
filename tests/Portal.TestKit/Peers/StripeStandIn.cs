using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.TestKit.Peers;

/// <summary>A webhook delivery the stand-in made: the event, the timestamp it signed, and the status Portal answered.</summary>
public sealed record StripeDelivery(string EventId, string Type, long SignedAt, int Status);

/// <summary>A request the stand-in refused, with Stripe's status, error type and message: a correct client leaves none.</summary>
public sealed record StripeRejection(string Path, int Status, string Type, string Message);

/// <summary>How one webhook delivery is made: when it was signed, with which secret, and how many times it is sent.</summary>
/// <param name="SignedAt">The signature's timestamp; the stand-in's clock when null. An old one plays a replayed delivery.</param>
/// <param name="Secret">Another secret than the endpoint's forges a bad signature.</param>
/// <param name="Endpoint">Where to post instead of the account's webhook endpoint: another host's, as a load balancer may choose.</param>
public sealed record StripeDeliveryOptions(DateTimeOffset? SignedAt = null, string? Secret = null, int Times = 1, Uri? Endpoint = null);

/// <summary>
/// The parts of Stripe's API Portal uses, served locally on Kestrel: Checkout Sessions (create, retrieve, expire) and
/// refunds, form-encoded as Stripe takes them and answering Stripe's JSON objects and errors. Each account is known by
/// its secret key (sent as a Bearer token); POSTs honour Idempotency-Key as Stripe does (the same key with the same
/// parameters answers the first response again, with other parameters an idempotency_error). A checkout page at each
/// session's url lets a browser pay or cancel. Events go to the account's webhook endpoint signed with
/// <c>Stripe-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>; a test may hold them back, then
/// deliver them in any order, several times, or signed at another time or with another secret.
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    /// <summary>The API version events are written in when a request sent no Stripe-Version.</summary>
    public const string DefaultApiVersion = "2026-10-28.endive";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private readonly WebApplication _app;
    private readonly HttpClient _webhooks = new();
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Arrivals<StripeDelivery> _deliveries = new("Stripe webhook deliveries");
    private readonly Arrivals<StripeRejection> _rejections = new("Stripe rejections");
    private readonly Lock _gate = new();
    private readonly List<Task> _background = [];
    private readonly SemaphoreSlim _idempotent = new(1, 1);
    private int _abortAfterProcessing;
    private long _sequence;

    private StripeStandIn(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The stand-in's address, as StripeClientOptions.ApiBase; Stripe's is https://api.stripe.com.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The clock of signatures, created dates and expiry; the host's test clock when it shares one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>While true, events are kept in <see cref="HeldEvents"/> instead of being delivered.</summary>
    public bool HoldWebhooks { get; set; }

    public IReadOnlyList<StripeDelivery> Deliveries => _deliveries.Snapshot();

    public IReadOnlyList<StripeRejection> Rejections => _rejections.Snapshot();

    /// <summary>Creates answered by the API so far, whatever the idempotency key: a correct retry adds none.</summary>
    public int SessionsCreated => _accounts.Values.Sum(a => a.Sessions.Count);

    /// <summary>Requests that carried an Idempotency-Key already seen, answered from the first response.</summary>
    public int IdempotentReplays { get; private set; }

    public static async Task<StripeStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StripeStandIn).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        StripeStandIn? standIn = null;
        app.Run(context => standIn!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn = new StripeStandIn(app, new Uri(address));
        return standIn;
    }

    /// <summary>A Stripe account with this secret key, sending its events to <paramref name="webhookUrl"/> signed with <paramref name="webhookSecret"/>.</summary>
    public void AddAccount(string secretKey, Uri? webhookUrl, string webhookSecret)
    {
        _accounts[secretKey] = new Account(secretKey, webhookUrl, webhookSecret);
    }

    /// <summary>Makes the next <paramref name="count"/> POSTs do their work and then drop the connection before answering, as a network failure would.</summary>
    public void AbortAfterProcessing(int count) => Interlocked.Exchange(ref _abortAfterProcessing, count);

    /// <summary>A session as the API would return it now.</summary>
    public JsonObject Session(string id) => (JsonObject)FindSession(id).Session.Object.DeepClone();

    /// <summary>Every event made so far (delivered or held), oldest first.</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_gate)
            {
                return _accounts.Values.SelectMany(a => a.Events).OrderBy(e => (long)e["created"]!).ThenBy(e => (string)e["id"]!).ToList();
            }
        }
    }

    /// <summary>Events made while <see cref="HoldWebhooks"/> was on and not yet delivered.</summary>
    public IReadOnlyList<JsonObject> HeldEvents
    {
        get
        {
            lock (_gate)
            {
                return _accounts.Values.SelectMany(a => a.Held).ToList();
            }
        }
    }

    /// <summary>
    /// The customer pays on the checkout page: the session becomes complete and paid (or, with an asynchronous method such as a
    /// bank debit, complete and unpaid until <see cref="SettleAsyncPaymentAsync"/>), and checkout.session.completed is sent.
    /// </summary>
    public Task<JsonObject> CompleteAsync(string sessionId, bool asyncPayment = false)
    {
        var (account, session) = FindSession(sessionId);
        JsonObject evt;
        lock (_gate)
        {
            var obj = session.Object;
            if ((string)obj["status"]! != "open")
            {
                throw new InvalidOperationException($"Session {sessionId} is {(string)obj["status"]!}, not open.");
            }

            var paymentIntent = NewId("pi");
            obj["status"] = "complete";
            obj["payment_status"] = asyncPayment ? "unpaid" : "paid";
            obj["payment_intent"] = paymentIntent;
            var charge = new Charge(NewId("ch"), paymentIntent, (long)obj["amount_total"]!, (string)obj["currency"]!);
            account.Charges[paymentIntent] = charge;
            evt = NewEvent(account, "checkout.session.completed", obj, session.ApiVersion);
        }

        return DeliverOrHoldAsync(account, evt);
    }

    /// <summary>An asynchronous payment settles (checkout.session.async_payment_succeeded) or fails (…_failed).</summary>
    public Task<JsonObject> SettleAsyncPaymentAsync(string sessionId, bool succeeded)
    {
        var (account, session) = FindSession(sessionId);
        JsonObject evt;
        lock (_gate)
        {
            session.Object["payment_status"] = succeeded ? "paid" : "unpaid";
            evt = NewEvent(account, succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed", session.Object, session.ApiVersion);
        }

        return DeliverOrHoldAsync(account, evt);
    }

    /// <summary>The session expires unpaid (checkout.session.expired), as it does at expires_at.</summary>
    public Task<JsonObject> ExpireAsync(string sessionId)
    {
        var (account, session) = FindSession(sessionId);
        JsonObject evt;
        lock (_gate)
        {
            session.Object["status"] = "expired";
            evt = NewEvent(account, "checkout.session.expired", session.Object, session.ApiVersion);
        }

        return DeliverOrHoldAsync(account, evt);
    }

    /// <summary>
    /// Changes a session as a test needs (a different amount or currency from the invoice's, to check they are compared), and
    /// sends a checkout.session.completed with it.
    /// </summary>
    public Task<JsonObject> CompleteAlteredAsync(string sessionId, long amountTotal, string currency)
    {
        var (account, session) = FindSession(sessionId);
        JsonObject evt;
        lock (_gate)
        {
            var altered = (JsonObject)session.Object.DeepClone();
            altered["status"] = "complete";
            altered["payment_status"] = "paid";
            altered["amount_total"] = amountTotal;
            altered["currency"] = currency;
            altered["payment_intent"] = NewId("pi");
            evt = NewEvent(account, "checkout.session.completed", altered, session.ApiVersion);
        }

        return DeliverOrHoldAsync(account, evt);
    }

    /// <summary>Sends an event to its account's webhook endpoint, signed as Stripe signs, as the options say; returns the last status.</summary>
    public async Task<int> DeliverAsync(JsonObject evt, StripeDeliveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evt);
        options ??= new StripeDeliveryOptions();
        var account = _accounts.Values.FirstOrDefault(a => a.Events.Any(e => ReferenceEquals(e, evt) || (string)e["id"]! == (string)evt["id"]!))
            ?? throw new InvalidOperationException("The event is not one of the stand-in's.");
        if (account.WebhookUrl is null)
        {
            throw new InvalidOperationException("The account has no webhook endpoint.");
        }

        lock (_gate)
        {
            account.Held.RemoveAll(e => (string)e["id"]! == (string)evt["id"]!);
        }

        var payload = evt.ToJsonString(Json);
        var status = 0;
        for (var i = 0; i < options.Times; i++)
        {
            var signedAt = (options.SignedAt ?? Clock.GetUtcNow()).ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint ?? account.WebhookUrl)
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", SignatureHeader(options.Secret ?? account.WebhookSecret, signedAt, payload));
            request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            using var response = await _webhooks.SendAsync(request);
            status = (int)response.StatusCode;
            _deliveries.Add(new StripeDelivery((string)evt["id"]!, (string)evt["type"]!, signedAt, status));
        }

        return status;
    }

    /// <summary>Makes an event with <see cref="HoldWebhooks"/> on, so that it is not delivered until the test delivers it.</summary>
    public async Task<JsonObject> HeldAsync(Func<Task<JsonObject>> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        HoldWebhooks = true;
        try
        {
            return await make();
        }
        finally
        {
            HoldWebhooks = false;
        }
    }

    /// <summary>Delivers the held events in the order given (all of them, oldest first, when null) and stops holding.</summary>
    public async Task ReleaseAsync(IEnumerable<JsonObject>? inOrder = null)
    {
        List<JsonObject> events;
        lock (_gate)
        {
            events = inOrder?.ToList() ?? _accounts.Values.SelectMany(a => a.Held).ToList();
            foreach (var account in _accounts.Values)
            {
                account.Held.RemoveAll(e => events.Contains(e));
            }

            HoldWebhooks = false;
        }

        foreach (var evt in events)
        {
            await DeliverAsync(evt);
        }
    }

    /// <summary>Stripe-Signature as Stripe writes it: <c>t={unix seconds},v1={lower-case hex HMAC-SHA256 of "{t}.{payload}"}</c>.</summary>
    public static string SignatureHeader(string secret, long timestamp, string payload)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var signed = $"{timestamp.ToString(CultureInfo.InvariantCulture)}.{payload}";
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(hash)}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await IdleAsync();
        _webhooks.Dispose();
        _idempotent.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/pay/", StringComparison.Ordinal))
        {
            await CheckoutPageAsync(context, path["/pay/".Length..]);
            return;
        }

        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, "invalid_request_error", $"Unrecognized request URL ({context.Request.Method}: {path}).");
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var key = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        if (key is null || !_accounts.TryGetValue(key, out var account))
        {
            await ErrorAsync(context, 401, "invalid_request_error",
                key is null ? "You did not provide an API key." : $"Invalid API Key provided: {Redact(key)}");
            return;
        }

        var version = context.Request.Headers["Stripe-Version"].ToString();
        var apiVersion = string.IsNullOrEmpty(version) ? DefaultApiVersion : version;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await RouteAsync(context, account, path, new Dictionary<string, string>(StringComparer.Ordinal), apiVersion);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ErrorAsync(context, 404, "invalid_request_error", $"Unrecognized request URL ({context.Request.Method}: {path}).");
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            await ErrorAsync(context, 400, "invalid_request_error", "Stripe takes application/x-www-form-urlencoded request bodies.");
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var form = ParseForm(body);
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 255)
        {
            await ErrorAsync(context, 400, "invalid_request_error", "Idempotency keys are at most 255 characters.");
            return;
        }

        if (idempotencyKey.Length > 0)
        {
            var fingerprint = path + "\n" + string.Join("&", form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            await _idempotent.WaitAsync();
            try
            {
                await IdempotentAsync(context, account, path, form, apiVersion, idempotencyKey, fingerprint);
            }
            finally
            {
                _idempotent.Release();
            }

            return;
        }

        await RouteAsync(context, account, path, form, apiVersion);
    }

    private async Task IdempotentAsync(
        HttpContext context, Account account, string path, Dictionary<string, string> form, string apiVersion, string idempotencyKey, string fingerprint)
    {
        {
            Replay? first;
            lock (_gate)
            {
                account.Replays.TryGetValue(idempotencyKey, out first);
            }

            if (first is not null)
            {
                if (first.Fingerprint != fingerprint)
                {
                    await ErrorAsync(context, 400, "idempotency_error",
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request.");
                    return;
                }

                IdempotentReplays++;
                if (ShouldAbort())
                {
                    context.Abort();
                    return;
                }

                context.Response.Headers["Idempotent-Replayed"] = "true";
                await WriteAsync(context, first.Status, first.Body);
                return;
            }

            var (status, json) = await ComputeAsync(account, path, form, apiVersion);
            lock (_gate)
            {
                account.Replays.TryAdd(idempotencyKey, new Replay(fingerprint, status, json));
            }

            if (ShouldAbort())
            {
                context.Abort();
                return;
            }

            await WriteAsync(context, status, json);
        }
    }

    private bool ShouldAbort()
    {
        while (true)
        {
            var left = Volatile.Read(ref _abortAfterProcessing);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _abortAfterProcessing, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private async Task RouteAsync(HttpContext context, Account account, string path, Dictionary<string, string> form, string apiVersion)
    {
        var (status, json) = await ComputeAsync(account, path, form, apiVersion, HttpMethods.IsGet(context.Request.Method));
        if (!HttpMethods.IsGet(context.Request.Method) && ShouldAbort())
        {
            context.Abort();
            return;
        }

        await WriteAsync(context, status, json);
    }

    private async Task<(int Status, string Json)> ComputeAsync(Account account, string path, Dictionary<string, string> form, string apiVersion, bool get = false)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["v1", "checkout", "sessions"] && !get)
        {
            return CreateSession(account, form, apiVersion);
        }

        if (segments is ["v1", "checkout", "sessions", var id] && get)
        {
            lock (_gate)
            {
                return account.Sessions.TryGetValue(id, out var session)
                    ? (200, session.Object.ToJsonString(Json))
                    : Error(404, "invalid_request_error", $"No such checkout.session: '{id}'", "resource_missing", "session");
            }
        }

        if (segments is ["v1", "checkout", "sessions", var expireId, "expire"] && !get)
        {
            JsonObject? evt = null;
            (int, string) answer;
            lock (_gate)
            {
                if (!account.Sessions.TryGetValue(expireId, out var session))
                {
                    return Error(404, "invalid_request_error", $"No such checkout.session: '{expireId}'", "resource_missing", "session");
                }

                if ((string)session.Object["status"]! != "open")
                {
                    return Error(400, "invalid_request_error", "Only Checkout Sessions with a status in [\"open\"] can be expired.");
                }

                session.Object["status"] = "expired";
                evt = NewEvent(account, "checkout.session.expired", session.Object, session.ApiVersion);
                answer = (200, session.Object.ToJsonString(Json));
            }

            DeliverInBackground(account, evt);
            return answer;
        }

        if (segments is ["v1", "refunds"] && !get)
        {
            return await CreateRefundAsync(account, form, apiVersion);
        }

        return Error(404, "invalid_request_error", $"Unrecognized request URL ({(get ? "GET" : "POST")}: {path}).");
    }

    private (int, string) CreateSession(Account account, Dictionary<string, string> form, string apiVersion)
    {
        if (!form.TryGetValue("mode", out var mode) || mode != "payment")
        {
            return Error(400, "invalid_request_error", "Portal's stand-in takes mode=payment only.", "parameter_missing", "mode");
        }

        foreach (var required in new[] { "success_url" })
        {
            if (!form.TryGetValue(required, out var url) || !Uri.TryCreate(url.Replace("{CHECKOUT_SESSION_ID}", "x", StringComparison.Ordinal), UriKind.Absolute, out _))
            {
                return Error(400, "invalid_request_error", $"Missing or invalid {required}.", "parameter_missing", required);
            }
        }

        long total = 0;
        string? currency = null;
        var items = new JsonArray();
        for (var i = 0; form.ContainsKey($"line_items[{i}][quantity]"); i++)
        {
            var prefix = $"line_items[{i}]";
            if (!form.TryGetValue($"{prefix}[price_data][currency]", out var lineCurrency)
                || !form.TryGetValue($"{prefix}[price_data][unit_amount]", out var unitText)
                || !long.TryParse(unitText, NumberStyles.None, CultureInfo.InvariantCulture, out var unit)
                || !form.TryGetValue($"{prefix}[price_data][product_data][name]", out var name) || name.Length == 0
                || !long.TryParse(form[$"{prefix}[quantity]"], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity < 1)
            {
                return Error(400, "invalid_request_error", $"Invalid {prefix}: price_data[currency], price_data[unit_amount], price_data[product_data][name] and quantity are required.", "parameter_invalid_integer", prefix);
            }

            if (currency is not null && currency != lineCurrency)
            {
                return Error(400, "invalid_request_error", "All line items must be in the same currency.", null, prefix);
            }

            currency = lineCurrency;
            total += unit * quantity;
            items.Add(new JsonObject { ["description"] = name, ["quantity"] = quantity, ["amount_total"] = unit * quantity, ["currency"] = lineCurrency });
        }

        if (currency is null)
        {
            return Error(400, "invalid_request_error", "line_items is required in payment mode.", "parameter_missing", "line_items");
        }

        if (total < 50)
        {
            return Error(400, "invalid_request_error", "The Checkout Session's total amount due must add up to at least $0.50 cad", "amount_too_small", null);
        }

        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var expiresAt = form.TryGetValue("expires_at", out var expires) && long.TryParse(expires, CultureInfo.InvariantCulture, out var e) ? e : now + 86_400;
        if (expiresAt < now + 1800 || expiresAt > now + 86_400)
        {
            return Error(400, "invalid_request_error", "expires_at must be between 30 minutes and 24 hours from now.", "parameter_invalid_integer", "expires_at");
        }

        var id = NewId("cs_test");
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(p => p.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value;
        }

        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_subtotal"] = total,
            ["amount_total"] = total,
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["created"] = now,
            ["currency"] = currency,
            ["customer_email"] = form.GetValueOrDefault("customer_email"),
            ["expires_at"] = expiresAt,
            ["livemode"] = false,
            ["locale"] = form.GetValueOrDefault("locale"),
            ["metadata"] = metadata,
            ["mode"] = "payment",
            ["payment_intent"] = null,
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["success_url"] = form["success_url"],
            ["url"] = new Uri(BaseUrl, $"/pay/{id}").ToString(),
        };
        lock (_gate)
        {
            account.Sessions[id] = new StoredSession(session, apiVersion, items);
        }

        return (200, session.ToJsonString(Json));
    }

    private async Task<(int, string)> CreateRefundAsync(Account account, Dictionary<string, string> form, string apiVersion)
    {
        JsonObject refund;
        JsonObject evt;
        lock (_gate)
        {
            var intent = form.GetValueOrDefault("payment_intent");
            if (intent is null || !account.Charges.TryGetValue(intent, out var charge))
            {
                return Error(404, "invalid_request_error", $"No such payment_intent: '{intent}'", "resource_missing", "payment_intent");
            }

            var left = charge.Amount - charge.Refunded;
            long amount = left;
            if (form.TryGetValue("amount", out var text) && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out amount) || amount < 1))
            {
                return Error(400, "invalid_request_error", "Invalid positive integer", "parameter_invalid_integer", "amount");
            }

            if (left == 0)
            {
                return Error(400, "invalid_request_error", $"Charge {charge.Id} has already been refunded.", "charge_already_refunded", null);
            }

            if (amount > left)
            {
                return Error(400, "invalid_request_error",
                    $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})", "amount_too_large", "amount");
            }

            charge.Refunded += amount;
            var metadata = new JsonObject();
            foreach (var (name, value) in form.Where(p => p.Key.StartsWith("metadata[", StringComparison.Ordinal)))
            {
                metadata[name["metadata[".Length..^1]] = value;
            }

            refund = new JsonObject
            {
                ["id"] = NewId("re"),
                ["object"] = "refund",
                ["amount"] = amount,
                ["charge"] = charge.Id,
                ["created"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
                ["currency"] = charge.Currency,
                ["metadata"] = metadata,
                ["payment_intent"] = charge.PaymentIntent,
                ["reason"] = form.GetValueOrDefault("reason"),
                ["status"] = "succeeded",
            };
            var chargeObject = new JsonObject
            {
                ["id"] = charge.Id,
                ["object"] = "charge",
                ["amount"] = charge.Amount,
                ["amount_captured"] = charge.Amount,
                ["amount_refunded"] = charge.Refunded,
                ["captured"] = true,
                ["currency"] = charge.Currency,
                ["livemode"] = false,
                ["paid"] = true,
                ["payment_intent"] = charge.PaymentIntent,
                ["refunded"] = charge.Refunded == charge.Amount,
                ["status"] = "succeeded",
            };
            evt = NewEvent(account, "charge.refunded", chargeObject, apiVersion);
        }

        DeliverInBackground(account, evt);
        return (200, refund.ToJsonString(Json));
    }

    private async Task CheckoutPageAsync(HttpContext context, string rest)
    {
        var parts = rest.Split('/');
        var id = parts[0];
        Account? account = null;
        StoredSession? session = null;
        foreach (var candidate in _accounts.Values)
        {
            if (candidate.Sessions.TryGetValue(id, out session))
            {
                account = candidate;
                break;
            }
        }

        if (session is null || account is null)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("No such checkout session.");
            return;
        }

        var obj = session.Object;
        if (HttpMethods.IsPost(context.Request.Method) && parts is [_, "pay"])
        {
            if ((string)obj["status"]! == "open")
            {
                await CompleteAsync(id);
            }

            context.Response.Redirect(((string)obj["success_url"]!).Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal));
            return;
        }

        var french = (string?)obj["locale"] == "fr";
        var amount = ((long)obj["amount_total"]! / 100m).ToString("N2", CultureInfo.GetCultureInfo(french ? "fr-CA" : "en-CA"));
        var currency = ((string)obj["currency"]!).ToUpperInvariant();
        var lines = string.Concat(session.Items.Select(i => $"<li>{WebUtility.HtmlEncode((string)i!["description"]!)} × {(long)i["quantity"]!}</li>"));
        var open = (string)obj["status"]! == "open";
        var html = $$"""
            <!doctype html>
            <html lang="{{(french ? "fr" : "en")}}">
            <head><meta charset="utf-8"><title>{{(french ? "Paiement" : "Checkout")}}</title>
            <style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;color:#111}button{font-size:1rem;padding:.5rem 1rem;background:#0a2540;color:#fff;border:0;border-radius:4px}a{color:#0a2540}</style></head>
            <body><main>
            <h1>{{(french ? "Payer" : "Pay")}} {{amount}} {{currency}}</h1>
            <ul>{{lines}}</ul>
            {{(open
                ? $"""<form method="post" action="/pay/{id}/pay"><label for="card">{(french ? "Numéro de carte" : "Card number")}</label> <input id="card" name="card" value="4242 4242 4242 4242" autocomplete="off"> <button type="submit">{(french ? "Payer" : "Pay")}</button></form>"""
                : $"<p>{(french ? "Cette session de paiement est terminée." : "This checkout session is over.")}</p>")}}
            {{(obj["cancel_url"] is JsonValue cancel ? $"""<p><a href="{WebUtility.HtmlEncode((string)cancel!)}">{(french ? "Annuler et revenir" : "Cancel and go back")}</a></p>""" : "")}}
            </main></body></html>
            """;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
    }

    /// <summary>Waits until the events that API requests caused (refunds, expiries) have been delivered.</summary>
    public async Task IdleAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _background];
        }

        await Task.WhenAll(pending);
    }

    /// <summary>Stripe sends an event caused by an API request after answering it, not while the client waits.</summary>
    private void DeliverInBackground(Account account, JsonObject evt)
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(Task.Run(async () =>
            {
                await Task.Delay(20);
                await DeliverOrHoldAsync(account, evt);
            }));
        }
    }

    private async Task<JsonObject> DeliverOrHoldAsync(Account account, JsonObject evt)
    {
        if (account.WebhookUrl is null)
        {
            return evt;
        }

        lock (_gate)
        {
            if (HoldWebhooks)
            {
                account.Held.Add(evt);
                return evt;
            }
        }

        await DeliverAsync(evt);
        return evt;
    }

    private JsonObject NewEvent(Account account, string type, JsonObject obj, string apiVersion)
    {
        var evt = new JsonObject
        {
            ["id"] = NewId("evt"),
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = obj.DeepClone() },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        account.Events.Add(evt);
        return evt;
    }

    private (Account Account, StoredSession Session) FindSession(string id)
    {
        foreach (var account in _accounts.Values)
        {
            if (account.Sessions.TryGetValue(id, out var session))
            {
                return (account, session);
            }
        }

        throw new InvalidOperationException($"No such checkout session: {id}");
    }

    private string NewId(string prefix) =>
        $"{prefix}_{Interlocked.Increment(ref _sequence):D6}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    private (int, string) Error(int status, string type, string message, string? code = null, string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        _rejections.Add(new StripeRejection(param ?? "", status, type, message));
        return (status, new JsonObject { ["error"] = error }.ToJsonString(Json));
    }

    private async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        var (code, json) = Error(status, type, message);
        await WriteAsync(context, code, json);
    }

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = $"req_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(7))}";
        await context.Response.WriteAsync(json);
    }

    private static string Redact(string key) => key.Length <= 8 ? "***" : $"{key[..8]}{new string('*', key.Length - 12 > 0 ? key.Length - 12 : 0)}{key[^4..]}";

    /// <summary>Reads an application/x-www-form-urlencoded body with Stripe's bracketed names (line_items[0][quantity]).</summary>
    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..]);
            form[name] = value;
        }

        return form;

        static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    private sealed record Replay(string Fingerprint, int Status, string Body);

    private sealed record StoredSession(JsonObject Object, string ApiVersion, JsonArray Items);

    private sealed class Charge(string id, string paymentIntent, long amount, string currency)
    {
        public string Id { get; } = id;

        public string PaymentIntent { get; } = paymentIntent;

        public long Amount { get; } = amount;

        public string Currency { get; } = currency;

        public long Refunded { get; set; }
    }

    private sealed class Account(string secretKey, Uri? webhookUrl, string webhookSecret)
    {
        public string SecretKey { get; } = secretKey;

        public Uri? WebhookUrl { get; } = webhookUrl;

        public string WebhookSecret { get; } = webhookSecret;

        public ConcurrentDictionary<string, StoredSession> Sessions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Charge> Charges { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Replay> Replays { get; } = new(StringComparer.Ordinal);

        public List<JsonObject> Events { get; } = [];

        public List<JsonObject> Held { get; } = [];
    }
}
