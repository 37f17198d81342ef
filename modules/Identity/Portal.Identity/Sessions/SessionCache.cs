using System.Collections.Concurrent;
using Portal.Shared.Database;

namespace Portal.Identity.Sessions;

/// <summary>
/// The sessions this host checked recently, keyed by the hex SHA-256 of their token, so that a request
/// need not ask the database each time. An entry is only used until <c>FreshUntil</c>, which is never
/// later than the next write of the session's last-seen time or its absolute end; the end of a session
/// (checklist C2) arrives through <see cref="SessionEndListener"/> when it commits. While the listening
/// connection is down, nothing is read from or kept in the cache; a check that overlapped a notification
/// is not kept, since it may have read the database before the change committed.
/// </summary>
internal sealed class SessionCache<TSession>
    where TSession : class
{
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _listening;

    /// <summary>Taken before reading a session from the database and given back to <see cref="Keep"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public TSession? Find(string key, DateTimeOffset now) =>
        _listening && _entries.TryGetValue(key, out var entry) && now < entry.FreshUntil ? entry.Session : null;

    public void Keep(string key, TSession session, DateTimeOffset freshUntil, long generation)
    {
        if (!_listening || Generation != generation)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(session, freshUntil);
        if (!_listening || Generation != generation)
        {
            _entries.TryRemove(key, out _);
        }
    }

    public void Forget(string key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
    }

    public void ForgetWhere(Func<TSession, bool> match)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _entries)
        {
            if (match(entry.Session))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public void Listening(bool listening)
    {
        _listening = listening;
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public static string KeyOf(byte[] tokenHash) => Convert.ToHexStringLower(tokenHash);

    private sealed record Entry(TSession Session, DateTimeOffset FreshUntil);
}

/// <summary>
/// Hears every end of a session and every change to a staff account, sent by triggers on
/// <c>identity.patient_sessions</c>, <c>identity.staff_sessions</c> and <c>identity.staff_users</c>
/// as <c>p:</c> or <c>s:</c> and the token's hash, or <c>u:</c> and the account's id.
/// </summary>
internal sealed class SessionEndListener(
    SessionCache<Patients.ActivePatientSession> patients, SessionCache<Staff.ActiveStaffSession> staff) : IDatabaseNotificationSubscriber
{
    public const string ChannelName = "identity_sessions";

    public string Channel => ChannelName;

    public void OnNotification(string payload)
    {
        switch (payload.Length > 2 ? payload[..2] : payload)
        {
            case "p:":
                patients.Forget(payload[2..]);
                break;
            case "s:":
                staff.Forget(payload[2..]);
                break;
            case "u:" when Guid.TryParse(payload.AsSpan(2), out var userId):
                staff.ForgetWhere(session => session.UserId == userId);
                break;
            default:
                patients.ForgetWhere(_ => true);
                staff.ForgetWhere(_ => true);
                break;
        }
    }

    public void OnListening()
    {
        patients.Listening(true);
        staff.Listening(true);
    }

    public void OnListeningLost()
    {
        patients.Listening(false);
        staff.Listening(false);
    }
}
