using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using HttpClient = System.Net.Http.HttpClient;
using HttpMethod = System.Net.Http.HttpMethod;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
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
/// SMS through the Twilio library's Messages resource. Its HTTP goes through <see cref="TwilioHttp"/>, a
/// typed client from IHttpClientFactory pointed at <see cref="TwilioOptions.BaseUrl"/>, which retries
/// briefly on 429, 5xx and timeouts; longer outages are the dispatcher's retries. The status callback
/// URL carries the notification id, so delivery reports find their row.
/// </summary>
internal sealed class TwilioSmsSender(TwilioHttp http, IOptions<SmsOptions> options, IOptions<PortalOptions> portal) : ISmsSender
{
    public static string StatusCallbackPath => "/api/notifications/twilio/status";

    public async Task<SendOutcome> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var settings = options.Value.Twilio;
        var create = new CreateMessageOptions(new PhoneNumber(sms.To))
        {
            Body = sms.Text,
            StatusCallback = new Uri($"{portal.Value.PublicUrl.GetLeftPart(UriPartial.Authority)}{StatusCallbackPath}?n={sms.NotificationId}"),
        };
        if (string.IsNullOrEmpty(settings.MessagingServiceSid))
        {
            create.From = new PhoneNumber(settings.From ?? "");
        }
        else
        {
            create.MessagingServiceSid = settings.MessagingServiceSid;
        }

        // Twilio's client takes no cancellation token, so each send gets its own client that carries it.
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: http.For(cancellationToken));
        try
        {
            var message = await MessageResource.CreateAsync(create, client);
            return SendOutcome.Sent(message.Sid, message.Status?.ToString() ?? "queued");
        }
        catch (ApiException refused) when (refused.Status is > 0 and not 429 and < 500)
        {
            return SendOutcome.Failed($"Twilio answered {refused.Status}: error {refused.Code}, {refused.Message}");
        }
        catch (ApiException failed)
        {
            return SendOutcome.Retry($"Twilio answered {failed.Status}: error {failed.Code}, {failed.Message}");
        }
        catch (Exception unreachable) when (unreachable is TwilioException or HttpRequestException or TimeoutRejectedException
            && !cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retry($"Could not reach Twilio: {unreachable.InnerException?.Message ?? unreachable.Message}");
        }
    }
}

/// <summary>
/// The HTTP under Twilio's library: a typed <see cref="HttpClient"/> from IHttpClientFactory, each
/// request sent to <see cref="TwilioOptions.BaseUrl"/> (Twilio's API, or a stand-in in tests) through
/// a short retry and timeout pipeline.
/// </summary>
internal sealed class TwilioHttp
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public TwilioHttp(HttpClient http, IOptions<SmsOptions> options)
    {
        _http = http;
        _baseUrl = options.Value.Twilio.BaseUrl;
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
                OnRetry = retry =>
                {
                    retry.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.Value.Twilio.Timeout)
            .Build();
    }

    public Twilio.Http.HttpClient For(CancellationToken cancellationToken) => new Client(this, cancellationToken);

    private async Task<Response> SendAsync(Request request, CancellationToken cancellationToken)
    {
        var target = new Uri(_baseUrl, request.ConstructUrl().PathAndQuery);
        using var response = await _pipeline.ExecuteAsync(
            async token =>
            {
                using var message = new HttpRequestMessage(new HttpMethod(request.Method.ToString()), target);
                message.Headers.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{request.Username}:{request.Password}")));
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (request.Method == Twilio.Http.HttpMethod.Post)
                {
                    message.Content = new FormUrlEncodedContent(request.PostParams);
                }

                return await _http.SendAsync(message, token);
            },
            cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Response(response.StatusCode, body, response.Headers);
    }

    private sealed class Client(TwilioHttp http, CancellationToken cancellationToken) : Twilio.Http.HttpClient
    {
        public override Response MakeRequest(Request request) =>
            throw new NotSupportedException("Portal sends SMS asynchronously only.");

        public override async Task<Response> MakeRequestAsync(Request request)
        {
            LastRequest = request;
            LastResponse = null;
            var response = await http.SendAsync(request, cancellationToken);
            LastResponse = response;
            return response;
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
