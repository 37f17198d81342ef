namespace Portal.Appointments.Scheduling;

/// <summary>Which instant a wall-clock time names when the clock is set back and the time happens twice.</summary>
internal enum RepeatedTime
{
    First,
    Second,
}

/// <summary>
/// Wall-clock times of the clinic's time zone and the instants they name. A time the clock skips (02:30 on the
/// spring change) means the instant it would have been without the change, which the clock shows an hour later.
/// </summary>
internal static class ClinicTime
{
    public static TimeZoneInfo Zone(string timeZoneId) => TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);

    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateOnly date, TimeOnly time, RepeatedTime repeated)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        // The offsets a day either side: a transition never comes twice within a day.
        var before = zone.GetUtcOffset(asUtc.AddDays(-1));
        var after = zone.GetUtcOffset(asUtc.AddDays(1));
        DateTimeOffset? first = null;
        DateTimeOffset? second = null;
        foreach (var offset in new[] { before, after }.Distinct())
        {
            var instant = new DateTimeOffset(asUtc - offset, TimeSpan.Zero);
            if (zone.GetUtcOffset(instant) != offset)
            {
                continue;
            }

            first = first is null || instant < first ? instant : first;
            second = second is null || instant > second ? instant : second;
        }

        if (first is null)
        {
            return new DateTimeOffset(asUtc - before, TimeSpan.Zero);
        }

        return repeated == RepeatedTime.First ? first.Value : second!.Value;
    }

    /// <summary>The instant as the clinic's clocks show it, with the offset in force then.</summary>
    public static DateTimeOffset InZone(TimeZoneInfo zone, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    public static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset instant) => DateOnly.FromDateTime(InZone(zone, instant).DateTime);

    /// <summary>ISO weekday: 1 = Monday … 7 = Sunday.</summary>
    public static int IsoWeekday(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
}
