using Microsoft.Extensions.Options;
using Portal.Shared.Database;
using Portal.Shared.Security;

namespace Portal.Identity.Patients;

public sealed class PatientSessionOptions
{
    /// <summary>A session without "Stay logged in" that nobody used for this long has ended.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session without "Stay logged in" ends this long after sign-in, however busy.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A "Stay logged in" session ends this long after sign-in, even with activity (C3).</summary>
    public TimeSpan StayLoggedInLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>An active patient session as the authentication handler needs it.</summary>
internal sealed class ActivePatientSession
{
    public Guid SessionId { get; init; }

    public Guid ClinicId { get; init; }

    public Guid PatientId { get; init; }

    public bool StayLoggedIn { get; init; }

    public DateTimeOffset LastSeenAt { get; init; }

    public DateTimeOffset AbsoluteExpiresAt { get; init; }
}

/// <summary>One of a patient's sessions, for the page listing them.</summary>
internal sealed record PatientSessionView(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, bool StayLoggedIn, bool Current, string? Device);

/// <summary>
/// Server-side patient sessions (checklist C1 to C3): a new random token at every sign-in, only its
/// SHA-256 kept; idle and absolute limits checked on every request; an end that takes effect at once.
/// </summary>
internal sealed class PatientSessions(IDbSession db, IOptions<PatientSessionOptions> options)
{
    // last_seen_at is written at most this often, not on every request.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private PatientSessionOptions Limits => options.Value;

    public async Task<(string Token, Guid SessionId, DateTimeOffset ExpiresAt)> StartAsync(
        Guid clinicId, Guid patientId, bool stayLoggedIn, DateTimeOffset now, string? clientAddress, string? userAgent, CancellationToken cancellationToken)
    {
        var token = SecureTokens.Create();
        var sessionId = Guid.CreateVersion7(now);
        var expires = now + (stayLoggedIn ? Limits.StayLoggedInLifetime : Limits.AbsoluteLifetime);
        await db.ExecuteAsync(
            """
            insert into identity.patient_sessions
                (id, token_hash, clinic_id, patient_id, stay_logged_in, created_at, last_seen_at, absolute_expires_at, client_address, user_agent)
            values (@sessionId, @hash, @clinicId, @patientId, @stayLoggedIn, @now, @now, @expires, cast(@clientAddress as inet), @userAgent)
            """,
            new
            {
                sessionId,
                hash = SecureTokens.Hash(token),
                clinicId,
                patientId,
                stayLoggedIn,
                now,
                expires,
                clientAddress,
                userAgent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent,
            },
            cancellationToken);
        return (token, sessionId, expires);
    }

    /// <summary>The session behind a cookie token if it is still alive; ends it when it has just run out.</summary>
    public async Task<ActivePatientSession?> AuthenticateAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.QuerySingleOrDefaultAsync<ActivePatientSession>(
            """
            select id as session_id, clinic_id, patient_id, stay_logged_in, last_seen_at, absolute_expires_at
            from identity.patient_sessions
            where token_hash = @hash and ended_at is null
            """,
            new { hash = SecureTokens.Hash(token) },
            cancellationToken);
        if (session is null)
        {
            return null;
        }

        var idle = !session.StayLoggedIn && now - session.LastSeenAt >= Limits.IdleTimeout;
        if (now >= session.AbsoluteExpiresAt || idle)
        {
            await EndAsync(session.PatientId, session.SessionId, idle ? "idle" : "expired", now, cancellationToken);
            return null;
        }

        if (now - session.LastSeenAt >= TouchInterval)
        {
            await db.ExecuteAsync(
                "update identity.patient_sessions set last_seen_at = @now where id = @id and ended_at is null",
                new { now, id = session.SessionId },
                cancellationToken);
        }

        return session;
    }

    /// <summary>Ends the session behind a cookie the browser still sent at sign-in: the new session replaces it.</summary>
    public Task EndReplacedAsync(string token, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update identity.patient_sessions set ended_at = @now, end_reason = 'signed_out' where token_hash = @hash and ended_at is null",
            new { hash = SecureTokens.Hash(token), now },
            cancellationToken);

    /// <summary>Ends one of the patient's sessions; false when it is not one of theirs or has already ended.</summary>
    public async Task<bool> EndAsync(Guid patientId, Guid sessionId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update identity.patient_sessions set ended_at = @now, end_reason = @reason
            where id = @sessionId and patient_id = @patientId and ended_at is null
            """,
            new { sessionId, patientId, reason, now },
            cancellationToken) == 1;

    public async Task<IReadOnlyList<PatientSessionView>> ListAsync(
        Guid clinicId, Guid patientId, Guid currentSessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<SessionRow>(
            """
            select id, created_at, last_seen_at, absolute_expires_at, stay_logged_in, user_agent
            from identity.patient_sessions
            where clinic_id = @clinicId and patient_id = @patientId and ended_at is null and absolute_expires_at > @now
              and (stay_logged_in or last_seen_at > @idleSince)
            order by created_at desc
            """,
            new { clinicId, patientId, now, idleSince = now - Limits.IdleTimeout },
            cancellationToken);
        return rows.Select(r => new PatientSessionView(
            r.Id, r.CreatedAt, r.LastSeenAt, r.AbsoluteExpiresAt, r.StayLoggedIn, r.Id == currentSessionId, Devices.Describe(r.UserAgent))).ToList();
    }

    /// <summary>Ends sessions past their limits; requests check the limits themselves, so this only tidies up.</summary>
    public Task<int> EndExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update identity.patient_sessions
            set ended_at = @now, end_reason = case when absolute_expires_at <= @now then 'expired' else 'idle' end
            where ended_at is null and (absolute_expires_at <= @now or (not stay_logged_in and last_seen_at <= @idleSince))
            """,
            new { now, idleSince = now - Limits.IdleTimeout },
            cancellationToken);

    private sealed record SessionRow(
        Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset AbsoluteExpiresAt, bool StayLoggedIn, string? UserAgent);
}

/// <summary>A short, recognisable name for the browser behind a session, from its User-Agent.</summary>
internal static class Devices
{
    public static string? Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var browser = userAgent switch
        {
            _ when userAgent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when userAgent.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("Chromium/", StringComparison.Ordinal) => "Chrome",
            _ when userAgent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => null,
        };
        var system = userAgent switch
        {
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when userAgent.Contains("Mac OS X", StringComparison.Ordinal) => "macOS",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        return (browser, system) switch
        {
            (not null, not null) => $"{browser} on {system}",
            (not null, null) => browser,
            (null, not null) => system,
            _ => null,
        };
    }
}
