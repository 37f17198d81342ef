using Portal.Appointments.Scheduling;

namespace Portal.Appointments.Features.StaffCalendar;

/// <summary>A dated change to a provider's week as the calendar shows it: <see cref="DatedChange"/> with its reason.</summary>
internal sealed record CalendarChange(bool Extra, DateOnly StartsOn, DateOnly EndsOn, TimeOnly? Start, TimeOnly? End, Guid? LocationId, string? Reason);

/// <summary>Time a provider works at a location, as instants.</summary>
internal sealed record WorkingPeriod(Guid LocationId, DateTimeOffset From, DateTimeOffset To);

/// <summary>Time a provider is away, as instants, with the reason the clinic gave.</summary>
internal sealed record AwayPeriod(DateTimeOffset From, DateTimeOffset To, string? Reason);

/// <summary>
/// A provider's working time on the clinic's days: the usual week plus extra hours, each day's wall-clock times turned
/// into that day's instants (as <see cref="SlotFinder"/> does, so daylight-saving days agree with the slots), less time off.
/// </summary>
internal static class WorkingHours
{
    public static (IReadOnlyList<WorkingPeriod> Working, IReadOnlyList<AwayPeriod> Away) For(
        TimeZoneInfo zone, DateOnly from, DateOnly to, IEnumerable<WeeklyWindow> weekly, IEnumerable<CalendarChange> changes)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var week = weekly.ToList();
        var dated = changes.ToList();
        var working = new List<WorkingPeriod>();
        var away = new List<AwayPeriod>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var weekday = ClinicTime.IsoWeekday(day);
            var covering = dated.Where(c => c.StartsOn <= day && day <= c.EndsOn).ToList();
            var off = covering.Where(c => !c.Extra)
                .Select(c => c.Start is { } start
                    ? new AwayPeriod(
                        ClinicTime.ToInstant(zone, day, start, RepeatedTime.First), ClinicTime.ToInstant(zone, day, c.End!.Value, RepeatedTime.Second), c.Reason)
                    : new AwayPeriod(
                        ClinicTime.ToInstant(zone, day, TimeOnly.MinValue, RepeatedTime.First),
                        ClinicTime.ToInstant(zone, day.AddDays(1), TimeOnly.MinValue, RepeatedTime.First), c.Reason))
                .OrderBy(o => o.From)
                .ToList();
            away.AddRange(off);
            var windows = week.Where(w => w.Weekday == weekday).Select(w => (w.LocationId, w.Start, w.End))
                .Concat(covering.Where(c => c.Extra).Select(c => (c.LocationId!.Value, c.Start!.Value, c.End!.Value)));
            foreach (var (location, start, end) in windows)
            {
                var period = new WorkingPeriod(
                    location, ClinicTime.ToInstant(zone, day, start, RepeatedTime.First), ClinicTime.ToInstant(zone, day, end, RepeatedTime.Second));
                working.AddRange(Less(period, off));
            }
        }

        return (working.OrderBy(w => w.From).ThenBy(w => w.LocationId).ToList(), away);
    }

    /// <summary>What is left of <paramref name="period"/> once <paramref name="off"/> (sorted by start) is cut out.</summary>
    private static IEnumerable<WorkingPeriod> Less(WorkingPeriod period, IReadOnlyList<AwayPeriod> off)
    {
        var start = period.From;
        foreach (var away in off)
        {
            if (away.To <= start || away.From >= period.To)
            {
                continue;
            }

            if (away.From > start)
            {
                yield return period with { From = start, To = away.From };
            }

            start = away.To > start ? away.To : start;
        }

        if (start < period.To)
        {
            yield return period with { From = start };
        }
    }
}
