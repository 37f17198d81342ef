using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Portal.Shared;

namespace Portal.Notifications.Channels;

public enum SmsMode
{
    /// <summary>Append each message as a JSON line to <see cref="SmsOptions.OutboxFile"/> (the embedded default).</summary>
    File,

    /// <summary>Send through Twilio's Messages API.</summary>
    Twilio,
}

/// <summary>The <c>Notifications:Sms</c> configuration section.</summary>
public sealed class SmsOptions
{
    public SmsMode Mode { get; set; } = SmsMode.File;

    public string OutboxFile { get; set; } = ".data/sms/outbox.jsonl";

    /// <summary>Country calling codes SMS may go to (checklist P8): 1 is Canada and the United States.</summary>
    public List<string> AllowedCountryCodes { get; set; } = ["1"];

    public TwilioOptions Twilio { get; set; } = new();
}

public sealed class TwilioOptions
{
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>The sending number, or leave it empty and set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed record OutgoingSms(Guid NotificationId, string To, string Text);

internal interface ISmsSender
{
    Task<SendOutcome> SendAsync(OutgoingSms sms, CancellationToken cancellationToken);
}

/// <summary>Refuses numbers outside the allowed countries before any sender sees them.</summary>
internal sealed class CountryCheckingSmsSender(ISmsSender inner, IOptions<SmsOptions> options) : ISmsSender
{
    public Task<SendOutcome> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var allowed = options.Value.AllowedCountryCodes.Any(code => sms.To.StartsWith("+" + code, StringComparison.Ordinal));
        return allowed
            ? inner.SendAsync(sms, cancellationToken)
            : Task.FromResult(SendOutcome.Failed($"SMS to {sms.To[..Math.Min(3, sms.To.Length)]}… is not allowed: only country codes {string.Join(", ", options.Value.AllowedCountryCodes)} are."));
    }
}

/// <summary>
/// Twilio's Messages resource over HTTPS with Basic authentication. Each attempt retries briefly on
/// 429, 5xx and timeouts; longer outages are the dispatcher's retries. The status callback URL
/// carries the notification id, so delivery reports find their row.
/// </summary>
internal sealed class TwilioSmsSender : ISmsSender
{
    private readonly HttpClient _http;
    private readonly TwilioOptions _options;
    private readonly Uri _publicUrl;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public TwilioSmsSender(HttpClient http, IOptions<SmsOptions> options, IOptions<PortalOptions> portal)
    {
        _http = http;
        _options = options.Value.Twilio;
        _publicUrl = portal.Value.PublicUrl;
        _http.BaseAddress = _options.BaseUrl;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}")));
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500),
            })
            .AddTimeout(_options.Timeout)
            .Build();
    }

    public static string StatusCallbackPath => "/api/notifications/twilio/status";

    public async Task<SendOutcome> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var path = $"/2010-04-01/Accounts/{_options.AccountSid}/Messages.json";
        var callback = $"{_publicUrl.GetLeftPart(UriPartial.Authority)}{StatusCallbackPath}?n={sms.NotificationId}";
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    List<KeyValuePair<string, string>> form = [new("To", sms.To), new("Body", sms.Text), new("StatusCallback", callback)];
                    form.Add(string.IsNullOrEmpty(_options.MessagingServiceSid)
                        ? new KeyValuePair<string, string>("From", _options.From ?? "")
                        : new KeyValuePair<string, string>("MessagingServiceSid", _options.MessagingServiceSid));
                    using var content = new FormUrlEncodedContent(form);
                    return await _http.PostAsync(path, content, token);
                },
                cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var created = JsonDocument.Parse(body);
                var status = created.RootElement.TryGetProperty("status", out var value) ? value.GetString() : null;
                return SendOutcome.Sent(created.RootElement.GetProperty("sid").GetString(), status ?? "queued");
            }

            var error = $"Twilio answered {(int)response.StatusCode}: {Describe(body)}";
            return response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500
                ? SendOutcome.Retry(error)
                : SendOutcome.Failed(error);
        }
        catch (Exception failure) when (failure is HttpRequestException or TimeoutRejectedException or JsonException or KeyNotFoundException)
        {
            return SendOutcome.Retry($"Could not reach Twilio: {failure.Message}");
        }
    }

    private static string Describe(string body)
    {
        try
        {
            using var error = JsonDocument.Parse(body);
            var code = error.RootElement.TryGetProperty("code", out var c) ? c.ToString() : "?";
            var message = error.RootElement.TryGetProperty("message", out var m) ? m.GetString() : body;
            return $"error {code}, {message}";
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}

/// <summary>Appends each SMS as a JSON line to a file: the embedded default, where no SMS provider is configured.</summary>
internal sealed class FileSmsSender(IOptions<SmsOptions> options, TimeProvider clock) : ISmsSender, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<SendOutcome> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var path = Path.GetFullPath(options.Value.OutboxFile);
        var id = "file-" + Guid.NewGuid().ToString("N");
        var line = JsonSerializer.Serialize(new { id, notificationId = sms.NotificationId, to = sms.To, body = sms.Text, at = clock.GetUtcNow() });
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.AppendAllTextAsync(path, line + "\n", cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return SendOutcome.Sent(id, "written");
    }

    public void Dispose() => _gate.Dispose();
}
