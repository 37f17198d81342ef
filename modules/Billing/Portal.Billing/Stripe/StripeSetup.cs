using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace Portal.Billing.Stripe;

/// <summary>Where Portal reaches Stripe, and how hard it tries.</summary>
public sealed class StripeOptions
{
    public const string Section = "Billing:Stripe";

    /// <summary>Stripe's API; a test points it at the test kit's stand-in.</summary>
    public Uri ApiBase { get; set; } = new("https://api.stripe.com");

    /// <summary>Retries of a request that failed on the network or with a 409/5xx, with the same idempotency key.</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>The longest one request to Stripe may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The tolerance on a webhook's signed timestamp (W1).</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromSeconds(300);
}

/// <summary>One Stripe.net client per clinic secret key, over one shared HTTP client.</summary>
internal sealed class StripeClients(IOptions<StripeOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, StripeClient> _clients = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = options.Value.Timeout };

    public IStripeClient For(string secretKey) =>
        _clients.GetOrAdd(secretKey, key => new StripeClient(new StripeClientOptions
        {
            ApiKey = key,
            ApiBase = options.Value.ApiBase.ToString().TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(_http, options.Value.MaxNetworkRetries),
        }));

    public void Dispose() => _http.Dispose();
}

internal static class StripeSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StripeOptions>(configuration.GetSection(StripeOptions.Section));
        services.AddSingleton<StripeClients>();
        services.AddScoped<CheckoutOutcomes>();
    }
}
