using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Shared.Tenancy;

namespace Portal.Notifications.Dispatch;

/// <summary>A clinic's SMS quiet hours, local to the clinic; the window may run past midnight (21:00 to 08:00).</summary>
internal sealed record QuietWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time) => Start < End ? time >= Start && time < End : time >= Start || time < End;
}

/// <summary>
/// Decides whether an SMS may go now: outside the clinic's quiet hours, or else when they end, in
/// the clinic's time zone. Windows are cached briefly; a change is seen within a minute everywhere.
/// </summary>
internal sealed class QuietHoursCalendar(NpgsqlDataSource dataSource, IClinicDirectory clinics, IMemoryCache cache, IOptions<DispatchOptions> options)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    /// <summary>When a held SMS may go, or null when it may go now.</summary>
    public async Task<DateTimeOffset?> HeldUntilAsync(Guid? clinicId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (clinicId is not { } id || await clinics.FindByIdAsync(id, cancellationToken) is not { } clinic)
        {
            return null;
        }

        var window = await WindowAsync(id, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(clinic.TimeZone);
        return EndOfWindow(window, zone, now);
    }

    public static DateTimeOffset? EndOfWindow(QuietWindow window, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!window.Contains(time))
        {
            return null;
        }

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (time >= window.End)
        {
            endDate = endDate.AddDays(1);
        }

        var endLocal = endDate.ToDateTime(window.End);
        // A window ending inside a daylight-saving gap ends when the clock jumps.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddMinutes(15);
        }

        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal)).ToUniversalTime();
    }

    public void Forget(Guid clinicId) => cache.Remove(Key(clinicId));

    private async Task<QuietWindow> WindowAsync(Guid clinicId, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key(clinicId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<(TimeOnly StartsAt, TimeOnly EndsAt)?>(new CommandDefinition(
                "select starts_at, ends_at from notifications.quiet_hours where clinic_id = @clinicId",
                new { clinicId },
                cancellationToken: cancellationToken));
            return row is { } set ? new QuietWindow(set.StartsAt, set.EndsAt) : new QuietWindow(options.Value.QuietHoursStart, options.Value.QuietHoursEnd);
        }))!;

    private static string Key(Guid clinicId) => "quiet-hours:" + clinicId;
}
