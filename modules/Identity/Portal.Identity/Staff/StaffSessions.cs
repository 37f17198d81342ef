using Microsoft.Extensions.Options;
using Portal.Shared.Database;
using Portal.Shared.Security;

namespace Portal.Identity.Staff;

public sealed class StaffSessionOptions
{
    /// <summary>A session nobody used for this long has ended.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>An active session as the authentication handler needs it.</summary>
internal sealed class ActiveStaffSession
{
    public Guid SessionId { get; init; }

    public Guid UserId { get; init; }

    public Guid? ClinicId { get; init; }

    public string Role { get; init; } = "";

    public string Email { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public DateTimeOffset LastSeenAt { get; init; }

    public DateTimeOffset AbsoluteExpiresAt { get; init; }
}

/// <summary>
/// Server-side staff sessions (checklist C1 to C3): a new random token at every sign-in, idle and
/// absolute limits checked on every request, and an end that takes effect at once.
/// </summary>
internal sealed class StaffSessions(IDbSession db, IOptions<StaffSessionOptions> options)
{
    // last_seen_at is written at most this often, not on every request.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private StaffSessionOptions Limits => options.Value;

    public async Task<(string Token, Guid SessionId)> StartAsync(
        Guid userId, DateTimeOffset now, string? clientAddress, string? userAgent, CancellationToken cancellationToken)
    {
        var token = SecureTokens.Create();
        var sessionId = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into identity.staff_sessions
                (id, token_hash, user_id, created_at, last_seen_at, absolute_expires_at, client_address, user_agent)
            values (@sessionId, @hash, @userId, @now, @now, @expires, cast(@clientAddress as inet), @userAgent)
            """,
            new
            {
                sessionId,
                hash = SecureTokens.Hash(token),
                userId,
                now,
                expires = now + Limits.AbsoluteLifetime,
                clientAddress,
                userAgent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent,
            },
            cancellationToken);
        return (token, sessionId);
    }

    /// <summary>The session behind a cookie token if it is still alive; ends it when it has just run out.</summary>
    public async Task<ActiveStaffSession?> AuthenticateAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.QuerySingleOrDefaultAsync<ActiveStaffSession>(
            """
            select s.id as session_id, s.user_id, u.clinic_id, u.role, u.email, u.display_name, s.last_seen_at, s.absolute_expires_at
            from identity.staff_sessions s
            join identity.staff_users u on u.id = s.user_id
            where s.token_hash = @hash and s.ended_at is null and u.disabled_at is null
            """,
            new { hash = SecureTokens.Hash(token) },
            cancellationToken);
        if (session is null)
        {
            return null;
        }

        if (now >= session.AbsoluteExpiresAt || now - session.LastSeenAt >= Limits.IdleTimeout)
        {
            await EndAsync(session.SessionId, now >= session.AbsoluteExpiresAt ? "expired" : "idle", now, cancellationToken);
            return null;
        }

        if (now - session.LastSeenAt >= TouchInterval)
        {
            await db.ExecuteAsync(
                "update identity.staff_sessions set last_seen_at = @now where id = @id and ended_at is null",
                new { now, id = session.SessionId },
                cancellationToken);
        }

        return session;
    }

    public Task EndAsync(Guid sessionId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update identity.staff_sessions set ended_at = @now, end_reason = @reason where id = @sessionId and ended_at is null",
            new { sessionId, reason, now },
            cancellationToken);

    public Task EndAllForUserAsync(Guid userId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update identity.staff_sessions set ended_at = @now, end_reason = @reason where user_id = @userId and ended_at is null",
            new { userId, reason, now },
            cancellationToken);
}
