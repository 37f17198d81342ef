using Portal.Shared.Database;

namespace Portal.Identity.Staff;

/// <summary>
/// Counts failed sign-ins per typed identity and locks it with growing delays: after five failures
/// one minute, then two, four and so on up to an hour. Counters live in PostgreSQL, so every host
/// sees them and they survive restarts; a quiet day forgets old failures.
/// </summary>
internal sealed class SignInThrottle(IDbSession db)
{
    public const int FreeFailures = 4;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    public static TimeSpan? DelayAfter(int failures) =>
        failures <= FreeFailures
            ? null
            : TimeSpan.FromMinutes(Math.Min(Math.Pow(2, failures - FreeFailures - 1), MaxDelay.TotalMinutes));

    /// <summary>How long the key is still locked for, taking a row lock for the rest of the transaction.</summary>
    public async Task<TimeSpan?> LockedForAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lockedUntil = await db.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "select locked_until from identity.sign_in_throttle where throttle_key = @key for update",
            new { key },
            cancellationToken);
        return lockedUntil > now ? lockedUntil - now : null;
    }

    /// <summary>Counts one more failure and returns the lock it brings, if any.</summary>
    public async Task<TimeSpan?> RecordFailureAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failures = await db.QuerySingleAsync<int>(
            """
            insert into identity.sign_in_throttle (throttle_key, failures, last_failure_at)
            values (@key, 1, @now)
            on conflict (throttle_key) do update set
                failures = case when identity.sign_in_throttle.last_failure_at < @forgetBefore then 1
                                else identity.sign_in_throttle.failures + 1 end,
                last_failure_at = @now
            returning failures
            """,
            new { key, now, forgetBefore = now - ForgetAfter },
            cancellationToken);
        var delay = DelayAfter(failures);
        if (delay is not null)
        {
            await db.ExecuteAsync(
                "update identity.sign_in_throttle set locked_until = @until where throttle_key = @key",
                new { key, until = now + delay.Value },
                cancellationToken);
        }

        return delay;
    }

    public Task ResetAsync(string key, CancellationToken cancellationToken) =>
        db.ExecuteAsync("delete from identity.sign_in_throttle where throttle_key = @key", new { key }, cancellationToken);
}
