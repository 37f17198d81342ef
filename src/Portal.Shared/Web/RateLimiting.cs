using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Shared.Auditing;
using Portal.Shared.Results;

namespace Portal.Shared.Web;

/// <summary>
/// Named rate-limit policies, counted in PostgreSQL per client address (before sign-in) or per signed-in account;
/// rejections are 429 problems with Retry-After.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Password and passcode sign-in endpoints, per client address.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Patients' file uploads (photos for an upload request), per client address: each one may mean decoding megabytes of image.</summary>
    public const string Uploads = "uploads";

    /// <summary>Changes a signed-in patient or staff member makes (their details, review decisions, requests sent to patients), per account.</summary>
    public const string AccountChanges = "account-changes";

    /// <summary>Reads of records and images by a signed-in patient or staff member, per account: a stolen session cannot be used to copy a clinic out quickly.</summary>
    public const string AccountReads = "account-reads";

    internal static IServiceCollection AddPortalRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<SharedRateLimitCounters>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, context => PerAddress(context, SignIn, limits => limits.SignInPerMinute));
            limiter.AddPolicy(Uploads, context => PerAddress(context, Uploads, limits => limits.UploadsPerMinute));
            limiter.AddPolicy(AccountChanges, context => PerAccount(context, AccountChanges, limits => limits.AccountChangesPerMinute));
            limiter.AddPolicy(AccountReads, context => PerAccount(context, AccountReads, limits => limits.AccountReadsPerMinute));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                await new ErrorHttpResult(Error.TooManyRequests(
                    "rate_limited",
                    string.Create(CultureInfo.InvariantCulture, $"Too many requests in a short time. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds."),
                    retryAfter)).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string policy, Func<RateLimitOptions, int> perMinute) =>
        Partition(context, policy + ":" + Address(context), perMinute);

    // Staff of one clinic often share one address behind its router: their limits follow the account, not the address.
    // The rate limiter runs after authorization; a request without a session falls back to its address.
    private static RateLimitPartition<string> PerAccount(HttpContext context, string policy, Func<RateLimitOptions, int> perMinute) =>
        Partition(
            context,
            context.User.FindFirst(PortalClaims.Subject)?.Value is { } subject
                ? $"{policy}:{context.User.FindFirst(PortalClaims.ActorKind)?.Value}:{subject}"
                : $"{policy}:address:{Address(context)}",
            perMinute);

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Partition(HttpContext context, string key, Func<RateLimitOptions, int> perMinute)
    {
        var limit = perMinute(context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.RateLimits);
        var counters = context.RequestServices.GetRequiredService<SharedRateLimitCounters>();
        return RateLimitPartition.Get(key, _ => new SharedWindowLimiter(counters, key, limit, TimeSpan.FromMinutes(1)));
    }
}

/// <summary>
/// Fixed-window counters in PostgreSQL, so that every host counts against one limit (R7): each
/// request is one atomic upsert that either counts it in the current window or starts a new one.
/// </summary>
internal sealed class SharedRateLimitCounters(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly TimeSpan TidyEvery = TimeSpan.FromMinutes(1);

    private long _nextTidyTicks;

    public async ValueTask<RateLimitLease> AcquireAsync(string key, int permitLimit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await TidyWhenDueAsync(connection, now, cancellationToken);
        var counted = await connection.QuerySingleAsync<WindowCount>(new CommandDefinition(
            """
            insert into platform.rate_limit_counters as c (key, window_ends, hits)
            values (@key, @windowEnds, 1)
            on conflict (key) do update set
                window_ends = case when c.window_ends <= @now then excluded.window_ends else c.window_ends end,
                hits = case when c.window_ends <= @now then 1 else c.hits + 1 end
            returning hits, window_ends
            """,
            new { key, now, windowEnds = now + window },
            cancellationToken: cancellationToken));
        if (counted.Hits <= permitLimit)
        {
            return WindowLease.Acquired;
        }

        var retryAfter = counted.WindowEnds - now;
        return new WindowLease(false, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
    }

    /// <summary>At most once a minute per host, the request that notices deletes the rows whose window has ended.</summary>
    private async Task TidyWhenDueAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextTidyTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextTidyTicks, (now + TidyEvery).UtcTicks, due) != due)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "delete from platform.rate_limit_counters where window_ends < @now",
            new { now },
            cancellationToken: cancellationToken));
    }

    private sealed record WindowCount(int Hits, DateTimeOffset WindowEnds);
}

/// <summary>One key's limiter; it keeps no count itself, so it may be dropped and made again at any time.</summary>
internal sealed class SharedWindowLimiter(SharedRateLimitCounters counters, string key, int permitLimit, TimeSpan window) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The middleware tries this first and, when it is refused, awaits AcquireAsync, which can ask the database.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.Undecided;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        return counters.AcquireAsync(key, permitLimit, window, cancellationToken);
    }
}

internal sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static readonly WindowLease Acquired = new(true, null);

    public static readonly WindowLease Undecided = new(false, null);

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = after;
            return true;
        }

        metadata = null;
        return false;
    }
}
