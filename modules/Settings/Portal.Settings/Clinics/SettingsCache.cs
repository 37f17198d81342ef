using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Portal.Settings.Clinics;

/// <summary>
/// The clinic and portal-settings cache of this host. Each clinic's entries share one change token,
/// so invalidating a clinic drops all of them at once; notifications from other hosts arrive through
/// <see cref="SettingsChangeListener"/>.
/// </summary>
internal sealed class SettingsCache(IMemoryCache cache) : IDisposable
{
    // A safety net for a notification lost while the listener reconnects.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _clinicTokens = new();
    private CancellationTokenSource _allToken = new();

    public async ValueTask<T?> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<(T? Value, Guid? ClinicId)>> load, CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached))
        {
            return cached;
        }

        var (value, clinicId) = await load(cancellationToken);
        if (value is null || clinicId is null)
        {
            return value;
        }

        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime }
            .AddExpirationToken(new CancellationChangeToken(_allToken.Token))
            .AddExpirationToken(new CancellationChangeToken(TokenFor(clinicId.Value).Token));
        cache.Set(key, value, options);
        return value;
    }

    public void Invalidate(Guid clinicId)
    {
        if (_clinicTokens.TryRemove(clinicId, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }

    public void InvalidateAll()
    {
        var previous = Interlocked.Exchange(ref _allToken, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    public void Dispose()
    {
        _allToken.Dispose();
        foreach (var source in _clinicTokens.Values)
        {
            source.Dispose();
        }
    }

    private CancellationTokenSource TokenFor(Guid clinicId) =>
        _clinicTokens.GetOrAdd(clinicId, _ => new CancellationTokenSource());
}
