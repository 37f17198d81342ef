namespace Portal.Appointments.Scheduling;

/// <summary>One row of a provider's usual week, in the clinic's wall-clock time.</summary>
/// <param name="Weekday">ISO: 1 = Monday … 7 = Sunday.</param>
internal sealed record WeeklyWindow(Guid ProviderId, Guid LocationId, int Weekday, TimeOnly Start, TimeOnly End);

/// <summary>A dated change to a provider's week, on each day from <paramref name="StartsOn"/> to <paramref name="EndsOn"/>.</summary>
/// <param name="Extra">Extra hours (at <paramref name="LocationId"/>) rather than time off.</param>
/// <param name="Start">With <paramref name="End"/>, the hours of each day it covers; none means whole days.</param>
internal sealed record DatedChange(Guid ProviderId, bool Extra, DateOnly StartsOn, DateOnly EndsOn, TimeOnly? Start, TimeOnly? End, Guid? LocationId);

/// <summary>Time a provider already gives to an appointment, its buffers included.</summary>
internal sealed record BusyTime(Guid ProviderId, DateTimeOffset From, DateTimeOffset To);

/// <summary>What is being looked for: an appointment of this length and these buffers on the clinic's days <paramref name="From"/> to <paramref name="To"/>.</summary>
/// <param name="NotBefore">No slot starts earlier (now, or now plus the minimum notice).</param>
internal sealed record SlotSearch(
    TimeZoneInfo Zone, DateOnly From, DateOnly To, TimeSpan Duration, TimeSpan BufferBefore, TimeSpan BufferAfter, DateTimeOffset NotBefore);

/// <param name="Day">The clinic day whose hours offered it.</param>
internal sealed record Slot(Guid ProviderId, Guid LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateOnly Day);

/// <summary>
/// Free slots, computed rather than stored: each provider's windows for each day (the usual week plus extra hours,
/// wall-clock times turned into instants on that day, so daylight-saving days come out right), cut into
/// appointment-long steps from the window's start, less time off and less any step whose buffered time meets
/// time already taken. The database's no-overlap rule uses the same buffered ranges, so what is offered here is
/// what it accepts.
/// </summary>
internal static class SlotFinder
{
    public static IReadOnlyList<Slot> Find(
        SlotSearch search, IReadOnlyCollection<Guid> providers, IEnumerable<WeeklyWindow> weekly, IEnumerable<DatedChange> changes, IEnumerable<BusyTime> busy)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(providers);
        var weeklyByProvider = weekly.ToLookup(w => w.ProviderId);
        var changesByProvider = changes.ToLookup(c => c.ProviderId);
        var busyByProvider = busy.GroupBy(b => b.ProviderId).ToDictionary(g => g.Key, g => g.OrderBy(b => b.From).ToArray());
        var slots = new List<Slot>();
        foreach (var provider in providers)
        {
            var taken = busyByProvider.GetValueOrDefault(provider) ?? [];
            var providerChanges = changesByProvider[provider].ToList();
            for (var day = search.From; day <= search.To; day = day.AddDays(1))
            {
                AddDay(search, provider, day, weeklyByProvider[provider], providerChanges, taken, slots);
            }
        }

        return slots.OrderBy(s => s.StartsAt).ThenBy(s => s.ProviderId).ToList();
    }

    private static void AddDay(
        SlotSearch search, Guid provider, DateOnly day, IEnumerable<WeeklyWindow> weekly, List<DatedChange> changes, BusyTime[] taken, List<Slot> slots)
    {
        var weekday = ClinicTime.IsoWeekday(day);
        var covering = changes.Where(c => c.StartsOn <= day && day <= c.EndsOn).ToList();
        var windows = weekly.Where(w => w.Weekday == weekday).Select(w => (w.LocationId, w.Start, w.End))
            .Concat(covering.Where(c => c.Extra).Select(c => (c.LocationId!.Value, c.Start!.Value, c.End!.Value)))
            .OrderBy(w => w.Item2)
            .ToList();
        if (windows.Count == 0)
        {
            return;
        }

        var off = covering.Where(c => !c.Extra)
            .Select(c => c.Start is { } start
                ? (From: ClinicTime.ToInstant(search.Zone, day, start, RepeatedTime.First), To: ClinicTime.ToInstant(search.Zone, day, c.End!.Value, RepeatedTime.Second))
                : (From: ClinicTime.ToInstant(search.Zone, day, TimeOnly.MinValue, RepeatedTime.First),
                    To: ClinicTime.ToInstant(search.Zone, day.AddDays(1), TimeOnly.MinValue, RepeatedTime.First)))
            .ToList();
        var offered = new HashSet<DateTimeOffset>();
        foreach (var (location, start, end) in windows)
        {
            var windowEnd = ClinicTime.ToInstant(search.Zone, day, end, RepeatedTime.Second);
            for (var slotStart = ClinicTime.ToInstant(search.Zone, day, start, RepeatedTime.First);
                 slotStart + search.Duration <= windowEnd;
                 slotStart += search.Duration)
            {
                var slotEnd = slotStart + search.Duration;
                if (slotStart < search.NotBefore
                    || off.Any(o => o.From < slotEnd && slotStart < o.To)
                    || Overlaps(taken, slotStart - search.BufferBefore, slotEnd + search.BufferAfter)
                    || !offered.Add(slotStart))
                {
                    continue;
                }

                slots.Add(new Slot(provider, location, slotStart, slotEnd, day));
            }
        }
    }

    /// <summary>
    /// Each start time once, for a patient choosing "any provider": the provider free then who has the most free slots on that
    /// clinic day (so bookings spread across providers), the first of them by id on a tie.
    /// </summary>
    public static IReadOnlyList<Slot> OnePerTime(IReadOnlyList<Slot> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var freeThatDay = slots.CountBy(s => (s.ProviderId, s.Day)).ToDictionary();
        return slots.GroupBy(s => s.StartsAt)
            .Select(sameTime => sameTime.OrderByDescending(s => freeThatDay[(s.ProviderId, s.Day)]).ThenBy(s => s.ProviderId).First())
            .OrderBy(s => s.StartsAt)
            .ToList();
    }

    /// <summary>Whether [from, to) meets any of <paramref name="taken"/>, which are sorted and never overlap each other (R5).</summary>
    private static bool Overlaps(BusyTime[] taken, DateTimeOffset from, DateTimeOffset to)
    {
        // The last busy range starting before `to` is the only one that can reach past `from`.
        int low = 0, high = taken.Length - 1, last = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (taken[middle].From < to)
            {
                last = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return last >= 0 && taken[last].To > from;
    }
}
