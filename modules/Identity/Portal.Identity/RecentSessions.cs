using System.Collections.Concurrent;
using Portal.Shared.Database;

namespace Portal.Identity;

/// <summary>
/// The sessions this host has just found alive, kept a few seconds so that a burst of requests with one cookie checks the
/// database once (ADR 32). Nothing here decides whether a session is alive: the caller uses an entry only while its own
/// limits say it needs no database work (not expired, no idle time to record), and every change to a session row or a
/// staff account is announced by PostgreSQL to every host (<see cref="SessionChangeListener"/>), which then forgets it.
/// A session ended on this host is forgotten here before the request that ended it is answered.
/// </summary>
internal sealed class RecentSessions<T>
    where T : class
{
    /// <summary>The longest an entry is used, even if no announcement came.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Taken before the database is read, and handed back to <see cref="Keep"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public static string KeyOf(byte[] tokenHash) => Convert.ToHexStringLower(tokenHash);

    public bool TryGet(string key, out T session)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (Environment.TickCount64 < entry.UsableUntil)
            {
                session = entry.Session;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }

        session = null!;
        return false;
    }

    /// <summary>
    /// Keeps what the database said about <paramref name="key"/>, unless anything was forgotten since
    /// <paramref name="generationWhenRead"/>: the read may then have come before the change that was announced.
    /// </summary>
    public void Keep(string key, T session, long generationWhenRead)
    {
        if (Generation != generationWhenRead)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var entry = new Entry(session, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
        _entries[key] = entry;
        if (Generation != generationWhenRead)
        {
            // Something was forgotten while this was being kept: forget this too.
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    public void Forget(string key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>Forgets everything now and, if a transaction is open, again once it commits.</summary>
    public void ForgetAllWith(IDbSession db)
    {
        ForgetAll();
        if (db.InTransaction)
        {
            db.OnCommit(ForgetAll);
        }
    }

    private sealed record Entry(T Session, long UsableUntil);
}

/// <summary>
/// Hears PostgreSQL announce a change to a staff or patient session, or to any staff account (triggers of Identity's
/// migration 0006), and forgets what this host kept of it. When the listening connection comes back, it forgets everything:
/// an announcement may have been missed.
/// </summary>
internal sealed class SessionChangeListener(
    RecentSessions<Staff.ActiveStaffSession> staff, RecentSessions<Patients.ActivePatientSession> patients) : IDatabaseNotificationSubscriber
{
    public const string ChannelName = "identity_sessions";

    public string Channel => ChannelName;

    public void OnNotification(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        var (kind, key) = separator < 0 ? (payload, "*") : (payload[..separator], payload[(separator + 1)..]);
        switch (kind)
        {
            case "staff" when key == "*":
                staff.ForgetAll();
                break;
            case "staff":
                staff.Forget(key);
                break;
            case "patient":
                patients.Forget(key);
                break;
            default:
                staff.ForgetAll();
                patients.ForgetAll();
                break;
        }
    }

    public void OnListening()
    {
        staff.ForgetAll();
        patients.ForgetAll();
    }
}
