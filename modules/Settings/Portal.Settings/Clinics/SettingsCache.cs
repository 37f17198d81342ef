using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Portal.Settings.Clinics;

/// <summary>
/// The clinic and portal-settings cache of this host. Each clinic's entries share one change token,
/// so invalidating a clinic drops all of them at once; notifications from other hosts arrive through
/// <see cref="SettingsChangeListener"/>. A load that overlaps an invalidation is returned but not
/// cached: it may have read the database before the change committed.
/// </summary>
internal sealed class SettingsCache(IMemoryCache cache) : IDisposable
{
    // A safety net for a notification lost while the listener reconnects.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _clinicTokens = new();
    private CancellationTokenSource _allToken = new();
    private long _generation;

    public async ValueTask<T?> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<(T? Value, Guid? ClinicId)>> load, CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var (value, clinicId) = await load(cancellationToken);
        if (value is null || clinicId is null)
        {
            return value;
        }

        // The tokens are taken before the generation is compared: an invalidation after the comparison cancels them.
        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime }
            .AddExpirationToken(new CancellationChangeToken(Volatile.Read(ref _allToken).Token))
            .AddExpirationToken(new CancellationChangeToken(TokenFor(clinicId.Value).Token));
        if (Interlocked.Read(ref _generation) == generation)
        {
            cache.Set(key, value, options);
        }

        return value;
    }

    public void Invalidate(Guid clinicId)
    {
        Interlocked.Increment(ref _generation);
        if (_clinicTokens.TryRemove(clinicId, out var source))
        {
            // Not disposed: a load may still be reading its token; without a timer there is nothing to free.
            source.Cancel();
        }
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _allToken, new CancellationTokenSource()).Cancel();
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
