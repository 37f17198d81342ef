using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Contracts;
using Portal.Shared.Caching;

namespace Portal.Billing.Stripe;

/// <summary>
/// This host's copy of each clinic's Stripe keys, decrypted, so that a webhook's signature check and a patient's S5 check do not
/// read and decrypt them again on every request. Settings announces a clinic whose keys or portal settings changed on
/// <see cref="SettingsChanges.Channel"/>, in the changing transaction; every host's listener then drops that clinic's entry
/// (<see cref="ClinicCacheInvalidation"/>, ADR 7 and 34).
/// </summary>
internal sealed class StripeKeysCache(IMemoryCache cache) : ClinicCache(cache, Lifetime)
{
    // A safety net for a notification lost while the listener reconnects, as for the settings.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
}

/// <summary>A clinic's Stripe keys through <see cref="StripeKeysCache"/>.</summary>
internal sealed class ClinicStripeKeys(StripeKeysCache cache, IServiceScopeFactory scopes)
{
    /// <summary>The clinic's Stripe keys, or null when it has none (not cached: the next request looks again).</summary>
    public async ValueTask<StripeCredentials?> GetAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(
            "stripe-keys:" + clinicId,
            async ct =>
            {
                // A scope of its own: the entry must not come from a request's transaction that may still roll back.
                await using var scope = scopes.CreateAsyncScope();
                var keys = await scope.ServiceProvider.GetRequiredService<IClinicStripeCredentials>().GetAsync(clinicId, ct);
                return (keys, (Guid?)clinicId);
            },
            cancellationToken);
}
