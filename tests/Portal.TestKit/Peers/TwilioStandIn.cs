using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.TestKit.Peers;

/// <summary>A message Portal created through the Messages resource.</summary>
public sealed record TwilioMessage(string Sid, string To, string? From, string? MessagingServiceSid, string Body, Uri? StatusCallback, DateTimeOffset ReceivedAt);

/// <summary>A create request the stand-in refused for being wrong, with Twilio's status, error code and message.</summary>
public sealed record TwilioRejection(int Status, int Code, string Reason);

/// <summary>A failure to answer to every create request, as Twilio does when it is down (500) or throttling (429).</summary>
public sealed record TwilioFailure(int Status, int Code, string Message, TimeSpan? RetryAfter = null);

/// <summary>
/// Twilio's Programmable Messaging REST API as Portal uses it, served locally on Kestrel: it checks requests
/// as Twilio does, answers Twilio's JSON (errors included), and posts status callbacks signed with
/// X-Twilio-Signature, so Portal's SMS sender and callback validation are tested against the documented contract.
/// </summary>
public sealed partial class TwilioStandIn : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "feedfacecafebeeffeedfacecafebeef";

    /// <summary>The number that messages sent through a Messaging Service are sent from, in status callbacks.</summary>
    public const string MessagingServiceSender = "+15005550006";

    public const string ApiVersion = "2010-04-01";

    /// <summary>Twilio refuses longer bodies (error 21617).</summary>
    public const int MaxBodyLength = 1600;

    // The GSM 03.38 alphabet: its basic characters take one septet, those of its extension table two.
    private const string GsmBasic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string GsmExtension = "\f^{}\\[~]|€";

    // Twilio writes "+" and accented letters as they are, not as \u escapes.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly HttpClient _callbacks = new();
    private readonly Arrivals<TwilioMessage> _messages = new("Twilio messages");
    private readonly Arrivals<TwilioRejection> _rejections = new("Twilio rejections");
    private TwilioFailure? _failure;
    private long _delayTicks;

    private TwilioStandIn(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The stand-in's address, such as http://127.0.0.1:41234; Twilio's is https://api.twilio.com.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The URL a sender posts to: {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json.</summary>
    public Uri MessagesUrl => new(BaseUrl, $"/{ApiVersion}/Accounts/{AccountSid}/Messages.json");

    /// <summary>Accepted messages, in arrival order (a snapshot).</summary>
    public IReadOnlyList<TwilioMessage> Messages => _messages.Snapshot();

    /// <summary>Refused requests, in arrival order (a snapshot): a correct sender leaves this empty.</summary>
    public IReadOnlyList<TwilioRejection> Rejections => _rejections.Snapshot();

    /// <summary>When set, every create request gets this failure instead of being looked at.</summary>
    public TwilioFailure? Failure
    {
        get => Volatile.Read(ref _failure);
        set => Volatile.Write(ref _failure, value);
    }

    /// <summary>How long each answer waits, to play a slow Twilio.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }
    }

    public static async Task<TwilioStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TwilioStandIn).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,

            // No file watchers: a test run may start many stand-ins.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        TwilioStandIn? standIn = null;
        app.Run(context => standIn!.HandleAsync(context));
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn = new TwilioStandIn(app, new Uri(address));
        return standIn;
    }

    /// <summary>
    /// Twilio's request signature (X-Twilio-Signature): Base64 of HMAC-SHA1, keyed with the auth token, over the
    /// full URL followed by every POST parameter's name and value, sorted by name, with no delimiters.
    /// </summary>
    public static string Signature(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(formParameters);
        var data = new StringBuilder(url);
        foreach (var (name, value) in formParameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // HMAC-SHA1 is what Twilio signs with; the stand-in must match it.
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    /// <summary>Waits for an accepted message matching <paramref name="match"/>, including ones already accepted.</summary>
    public Task<TwilioMessage> WaitForAsync(Func<TwilioMessage, bool> match, TimeSpan timeout) => _messages.WaitForAsync(match, timeout);

    public Task WaitForCountAsync(int count, TimeSpan timeout) => _messages.WaitForCountAsync(count, timeout);

    /// <summary>
    /// Posts a status callback for the message to its StatusCallback URL, as given (query string included),
    /// signed with X-Twilio-Signature as Twilio does; another <paramref name="signWithToken"/> forges a bad signature.
    /// </summary>
    public async Task<HttpResponseMessage> SendStatusCallbackAsync(TwilioMessage message, string status, string? errorCode = null, string? signWithToken = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        var callback = message.StatusCallback
            ?? throw new InvalidOperationException($"Message {message.Sid} was created without a StatusCallback.");

        // The parameters of Twilio's request to the StatusCallback URL for an outbound message.
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", AccountSid),
            new("ApiVersion", ApiVersion),
            new("From", message.From ?? MessagingServiceSender),
            new("MessageSid", message.Sid),
            new("MessageStatus", status),
            new("SmsSid", message.Sid),
            new("SmsStatus", status),
            new("To", message.To),
        };
        if (message.MessagingServiceSid is not null)
        {
            parameters.Add(new("MessagingServiceSid", message.MessagingServiceSid));
        }

        if (errorCode is not null)
        {
            parameters.Add(new("ErrorCode", errorCode));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.Add("X-Twilio-Signature", Signature(signWithToken ?? AuthToken, callback.OriginalString, parameters));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("TwilioProxy", "1.1"));
        return await _callbacks.SendAsync(request);
    }

    public void Clear()
    {
        _messages.Clear();
        _rejections.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _callbacks.Dispose();
    }

    /// <summary>Reads an application/x-www-form-urlencoded body; names are case-sensitive, as Twilio's are.</summary>
    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..]);
            form.TryAdd(name, value);
        }

        return form;

        static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    /// <summary>Segments Twilio bills for the body: GSM-7 fits 160 per message (153 when split), UCS-2 70 (67).</summary>
    private static int CountSegments(string body)
    {
        var septets = 0;
        foreach (var c in body)
        {
            if (GsmBasic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (GsmExtension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return body.Length <= 70 ? 1 : (body.Length + 66) / 67;
            }
        }

        return septets <= 160 ? 1 : (septets + 152) / 153;
    }

    private static string Rfc2822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static async Task WriteErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteString("more_info", $"https://www.twilio.com/docs/errors/{code}");
            writer.WriteNumber("status", status);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(json.ToArray(), context.RequestAborted);
    }

    private static async Task WriteMessageAsync(HttpContext context, TwilioMessage message, string status, int segments)
    {
        var uri = $"/{ApiVersion}/Accounts/{AccountSid}/Messages/{message.Sid}";
        var created = Rfc2822(message.ReceivedAt);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("account_sid", AccountSid);
            writer.WriteString("api_version", ApiVersion);
            writer.WriteString("body", message.Body);
            writer.WriteString("date_created", created);
            writer.WriteNull("date_sent");
            writer.WriteString("date_updated", created);
            writer.WriteString("direction", "outbound-api");
            writer.WriteNull("error_code");
            writer.WriteNull("error_message");
            writer.WriteString("from", message.From);
            writer.WriteString("messaging_service_sid", message.MessagingServiceSid);
            writer.WriteString("num_media", "0");
            writer.WriteString("num_segments", segments.ToString(CultureInfo.InvariantCulture));
            writer.WriteNull("price");
            writer.WriteString("price_unit", "USD");
            writer.WriteString("sid", message.Sid);
            writer.WriteString("status", status);
            writer.WriteStartObject("subresource_uris");
            writer.WriteString("media", uri + "/Media.json");
            writer.WriteEndObject();
            writer.WriteString("to", message.To);
            writer.WriteString("uri", uri + ".json");
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(json.ToArray(), context.RequestAborted);
    }

    private static bool HasValidCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header[6..].Trim(), bytes, out var written))
        {
            return false;
        }

        var credentials = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && string.Equals(credentials[..colon], AccountSid, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credentials[(colon + 1)..]), Encoding.UTF8.GetBytes(AuthToken));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var delay = Delay;
        if (delay > TimeSpan.Zero)
        {
            await Pauses.AtLeastAsync(delay, context.RequestAborted);
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var route = MessagesRoute().Match(path);
        if (!route.Success)
        {
            await RejectAsync(context, StatusCodes.Status404NotFound, 20404, $"The requested resource {path} was not found");
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await RejectAsync(context, StatusCodes.Status405MethodNotAllowed, 20004, "Method not allowed");
            return;
        }

        await CreateMessageAsync(context, route.Groups["account"].Value, path);
    }

    private async Task CreateMessageAsync(HttpContext context, string account, string path)
    {
        if (Failure is { } failure)
        {
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context, failure.Status, failure.Code, failure.Message);
            return;
        }

        if (!HasValidCredentials(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await RejectAsync(context, StatusCodes.Status401Unauthorized, 20003, "Authenticate");
            return;
        }

        if (!string.Equals(account, AccountSid, StringComparison.Ordinal))
        {
            await RejectAsync(context, StatusCodes.Status404NotFound, 20404, $"The requested resource {path} was not found");
            return;
        }

        var form = context.Request.HasFormContentType
            ? ParseForm(await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted))
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var to = Value(form, "To");
        var from = Value(form, "From");
        var service = Value(form, "MessagingServiceSid");
        var body = Value(form, "Body");
        var statusCallback = Value(form, "StatusCallback");
        Uri? callback = null;

        var refusal = to switch
        {
            null => (21604, "A 'To' phone number is required."),
            _ when !E164().IsMatch(to) => (21211, $"The 'To' number {to} is not a valid phone number."),
            _ => Validate(from, service, body, statusCallback, out callback),
        };
        if (refusal is var (code, reason) && code != 0)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, code, reason);
            return;
        }

        var message = new TwilioMessage("SM" + Guid.NewGuid().ToString("N"), to!, from, service, body!, callback, DateTimeOffset.UtcNow);
        _messages.Add(message);

        // Sent through a Messaging Service, a message is "accepted" until a sender is chosen, and has no segments yet.
        var viaService = from is null;
        await WriteMessageAsync(context, message, viaService ? "accepted" : "queued", viaService ? 0 : CountSegments(message.Body));

        static string? Value(Dictionary<string, string> form, string name) =>
            form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
    }

    /// <summary>
    /// Twilio's checks after "To", with its error codes; (0, "") when the request is fine. Each code is the one
    /// Twilio's error dictionary (twilio.com/docs/errors/NNNNN) gives for the case: 21604 'To' required, 21211
    /// invalid 'To', 21603 From or MessagingServiceSid required, 21606 From not a sender of the account, 21705
    /// invalid Messaging Service, 21602 body required, 21617 body over 1600 characters, 21609 invalid StatusCallback.
    /// </summary>
    private static (int Code, string Reason) Validate(string? from, string? service, string? body, string? statusCallback, out Uri? callback)
    {
        callback = null;

        // 21603 "A 'From' or 'MessagingServiceSid' parameter is required to send a message".
        if (from is null && service is null)
        {
            return (21603, "A 'From' phone number is required.");
        }

        // Twilio takes both only when From is one of the service's senders; the stand-in has no sender pool, so
        // From never is. It answers 21606 ("The 'From' phone number provided is not a valid message-capable
        // Twilio phone number for this destination/account"), the closest documented code: a sender must pick one.
        if (from is not null && service is not null)
        {
            return (21606, $"The 'From' phone number {from} is not a valid message-capable Twilio phone number for this destination/account, and is not in the sender pool of Messaging Service {service}.");
        }

        // 21705 "The Messaging Service is invalid": the sid does not match MG followed by 32 hex digits.
        if (service is not null && !ServiceSid().IsMatch(service))
        {
            return (21705, $"The Messaging Service Sid {service} is invalid.");
        }

        if (body is null)
        {
            return (21602, "Message body is required.");
        }

        // Counted in UTF-16 units: like Twilio, an emoji counts as more than one character.
        if (body.Length > MaxBodyLength)
        {
            return (21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        if (statusCallback is not null
            && !(Uri.TryCreate(statusCallback, UriKind.Absolute, out callback) && (callback.Scheme == Uri.UriSchemeHttp || callback.Scheme == Uri.UriSchemeHttps)))
        {
            callback = null;
            return (21609, $"The StatusCallback URL {statusCallback} is not a valid URL.");
        }

        return (0, string.Empty);
    }

    private async Task RejectAsync(HttpContext context, int status, int code, string reason)
    {
        _rejections.Add(new TwilioRejection(status, code, reason));
        await WriteErrorAsync(context, status, code, reason);
    }

    [GeneratedRegex(@"^/2010-04-01/Accounts/(?<account>[^/]+)/Messages\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagesRoute();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceSid();
}
