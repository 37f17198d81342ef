using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Portal.Shared.Database;

namespace Portal.Shared.Caching;

/// <summary>
/// One kind of per-clinic entry in this host's memory cache. A clinic's entries share one change token, so
/// invalidating the clinic drops all of them at once; other hosts hear of a change through
/// <see cref="ClinicCacheInvalidation"/> (a <c>pg_notify</c> with the clinic's id, sent in the changing transaction).
/// A load that overlaps an invalidation is returned but not cached: it may have read the database before the
/// change committed. Requests that miss an entry together share one load; none joins a load begun before an invalidation.
/// </summary>
public abstract class ClinicCache(IMemoryCache cache, TimeSpan lifetime) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _clinicTokens = new();
    private readonly ConcurrentDictionary<object, Lazy<Task<object?>>> _loading = new();
    private CancellationTokenSource _allToken = new();
    private long _generation;

    /// <summary>
    /// The entry for <paramref name="key"/>, loaded when missing; a load that finds nothing (null, or no clinic) is not cached.
    /// Requests that miss the same entry together share one load, so an entry that expires under load is computed once, not
    /// by every request waiting for it.
    /// </summary>
    /// <param name="load">Returns the value and the clinic it belongs to.</param>
    public async ValueTask<T?> GetOrLoadAsync<T>(object key, Func<CancellationToken, Task<(T? Value, Guid? ClinicId)>> load, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        var entryKey = (this, key);
        if (cache.TryGetValue(entryKey, out T? cached))
        {
            return cached;
        }

        var mine = new Lazy<Task<object?>>(() => LoadAndKeepAsync(entryKey, load, cancellationToken));
        var shared = _loading.GetOrAdd(entryKey, mine);
        try
        {
            return (T?)await shared.Value.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (shared != mine && !cancellationToken.IsCancellationRequested)
        {
            // The request whose load this was went away: load for this one.
            return (T?)await LoadAndKeepAsync(entryKey, load, cancellationToken);
        }
        finally
        {
            if (shared == mine)
            {
                _loading.TryRemove(new KeyValuePair<object, Lazy<Task<object?>>>(entryKey, mine));
            }
        }
    }

    /// <summary>The clinic's entry for <paramref name="key"/>, loaded when missing.</summary>
    public async ValueTask<T> GetOrLoadAsync<T>(Guid clinicId, object key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        return (await GetOrLoadAsync<T>((clinicId, key), async ct => (await load(ct), clinicId), cancellationToken))!;
    }

    /// <summary>
    /// The clinic's entries of one <paramref name="kind"/> for <paramref name="keys"/>: those this host holds, and the others loaded
    /// together by <paramref name="loadMissing"/>, which returns what it found. What it does not return is not cached, so it is
    /// asked again next time; a load that overlaps an invalidation is returned but not cached. Loads are not shared between requests.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<TKey, TValue>> GetOrLoadManyAsync<TKey, TValue>(
        Guid clinicId,
        string kind,
        IReadOnlyCollection<TKey> keys,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> loadMissing,
        CancellationToken cancellationToken)
        where TKey : notnull
        where TValue : class
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(loadMissing);
        var found = new Dictionary<TKey, TValue>(keys.Count);
        List<TKey>? missing = null;
        foreach (var key in keys)
        {
            if (cache.TryGetValue(EntryKey(clinicId, kind, key), out TValue? value) && value is not null)
            {
                found[key] = value;
            }
            else
            {
                (missing ??= []).Add(key);
            }
        }

        if (missing is null)
        {
            return found;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await loadMissing(missing, cancellationToken);
        if (loaded.Count == 0)
        {
            return found;
        }

        var options = EntryOptions(clinicId);
        var keep = Interlocked.Read(ref _generation) == generation;
        foreach (var (key, value) in loaded)
        {
            found[key] = value;
            if (keep)
            {
                cache.Set(EntryKey(clinicId, kind, key), value, options);
            }
        }

        return found;
    }

    private async Task<object?> LoadAndKeepAsync<T>(
        object entryKey, Func<CancellationToken, Task<(T? Value, Guid? ClinicId)>> load, CancellationToken cancellationToken)
        where T : class
    {
        var generation = Interlocked.Read(ref _generation);
        var (value, clinicId) = await load(cancellationToken);
        if (value is null || clinicId is null)
        {
            return value;
        }

        var options = EntryOptions(clinicId.Value);
        if (Interlocked.Read(ref _generation) == generation)
        {
            cache.Set(entryKey, value, options);
        }

        return value;
    }

    // Keyed as every entry of a cache is: the cache, then its own key.
    private (ClinicCache, object) EntryKey<TKey>(Guid clinicId, string kind, TKey key) => (this, (clinicId, kind, key));

    // The tokens are taken before the generation is compared: an invalidation after the comparison cancels them.
    private MemoryCacheEntryOptions EntryOptions(Guid clinicId) =>
        new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }
            .AddExpirationToken(new CancellationChangeToken(Volatile.Read(ref _allToken).Token))
            .AddExpirationToken(new CancellationChangeToken(TokenFor(clinicId).Token));

    public void Invalidate(Guid clinicId)
    {
        Interlocked.Increment(ref _generation);
        // Loads under way may have read what changed: requests from now on start their own.
        _loading.Clear();
        if (_clinicTokens.TryRemove(clinicId, out var source))
        {
            // Not disposed: a load may still be reading its token; without a timer there is nothing to free.
            source.Cancel();
        }
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _loading.Clear();
        Interlocked.Exchange(ref _allToken, new CancellationTokenSource()).Cancel();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _allToken.Dispose();
        foreach (var source in _clinicTokens.Values)
        {
            source.Dispose();
        }
    }

    private CancellationTokenSource TokenFor(Guid clinicId) =>
        _clinicTokens.GetOrAdd(clinicId, _ => new CancellationTokenSource());
}

/// <summary>
/// Drops a clinic from <paramref name="cache"/> when its id is notified on <paramref name="channel"/>; when the listening
/// connection comes back, drops everything, since notifications may have been missed in between.
/// </summary>
public sealed class ClinicCacheInvalidation(ClinicCache cache, string channel) : IDatabaseNotificationSubscriber
{
    public string Channel => channel;

    public void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var clinicId))
        {
            cache.Invalidate(clinicId);
        }
    }

    public void OnListening() => cache.InvalidateAll();
}
