using Portal.Appointments.Scheduling;

namespace Portal.Appointments.Tests;

public sealed class SlotFinderTests
{
    private static readonly TimeZoneInfo Toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");
    private static readonly Guid Provider = Guid.NewGuid();
    private static readonly Guid Location = Guid.NewGuid();
    private static readonly DateTimeOffset LongAgo = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SlotSearch Search(DateOnly day, int minutes = 30, int before = 0, int after = 0) =>
        new(Toronto, day, day, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(before), TimeSpan.FromMinutes(after), LongAgo);

    private static WeeklyWindow Window(DateOnly day, int fromHour, int toHour) =>
        new(Provider, Location, ClinicTime.IsoWeekday(day), new TimeOnly(fromHour, 0), new TimeOnly(toHour, 0));

    private static IReadOnlyList<Slot> Find(SlotSearch search, IEnumerable<WeeklyWindow> weekly, IEnumerable<DatedChange>? changes = null, IEnumerable<BusyTime>? busy = null) =>
        SlotFinder.Find(search, [Provider], weekly, changes ?? [], busy ?? []);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Nine_oclock_is_nine_oclock_on_both_sides_of_the_spring_change_in_Toronto()
    {
        var saturday = new DateOnly(2026, 3, 7);
        var sunday = new DateOnly(2026, 3, 8);

        var before = Find(Search(saturday), [Window(saturday, 9, 10)]);
        var after = Find(Search(sunday), [Window(sunday, 9, 10)]);

        before.Select(s => s.StartsAt).ShouldBe([Utc(3, 7, 14), Utc(3, 7, 14, 30)]);
        after.Select(s => s.StartsAt).ShouldBe([Utc(3, 8, 13), Utc(3, 8, 13, 30)]);
        after.Select(s => TimeZoneInfo.ConvertTime(s.StartsAt, Toronto).ToString("HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(["09:00 -04:00", "09:30 -04:00"]);
    }

    [Fact]
    public void Hours_across_the_spring_change_lose_the_skipped_hour_on_2026_03_08()
    {
        var sunday = new DateOnly(2026, 3, 8);

        // 01:00 to 04:00 on the clock is two real hours that night: 02:00 to 03:00 never happens.
        var slots = Find(Search(sunday), [Window(sunday, 1, 4)]);

        slots.Select(s => s.StartsAt).ShouldBe([Utc(3, 8, 6), Utc(3, 8, 6, 30), Utc(3, 8, 7), Utc(3, 8, 7, 30)]);
        slots.ShouldAllBe(s => s.EndsAt - s.StartsAt == TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Hours_across_the_autumn_change_gain_the_repeated_hour_on_2026_11_01()
    {
        var sunday = new DateOnly(2026, 11, 1);

        // 01:00 (EDT) to 03:00 (EST) is three real hours: 01:00 to 02:00 happens twice.
        var slots = Find(Search(sunday, minutes: 60), [Window(sunday, 1, 3)]);

        slots.Select(s => s.StartsAt).ShouldBe([Utc(11, 1, 5), Utc(11, 1, 6), Utc(11, 1, 7)]);
        slots.Select(s => TimeZoneInfo.ConvertTime(s.StartsAt, Toronto).ToString("HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(["01:00 -04:00", "01:00 -05:00", "02:00 -05:00"]);
    }

    [Fact]
    public void Nine_oclock_after_the_autumn_change_is_an_hour_later_in_utc()
    {
        var saturday = new DateOnly(2026, 10, 31);
        var sunday = new DateOnly(2026, 11, 1);

        Find(Search(saturday), [Window(saturday, 9, 10)])[0].StartsAt.ShouldBe(Utc(10, 31, 13));
        Find(Search(sunday), [Window(sunday, 9, 10)])[0].StartsAt.ShouldBe(Utc(11, 1, 14));
    }

    [Fact]
    public void A_time_the_clock_skips_means_the_instant_an_hour_later_on_the_clock()
    {
        ClinicTime.ToInstant(Toronto, new DateOnly(2026, 3, 8), new TimeOnly(2, 30), RepeatedTime.First).ShouldBe(Utc(3, 8, 7, 30));
        ClinicTime.ToInstant(Toronto, new DateOnly(2026, 11, 1), new TimeOnly(1, 30), RepeatedTime.First).ShouldBe(Utc(11, 1, 5, 30));
        ClinicTime.ToInstant(Toronto, new DateOnly(2026, 11, 1), new TimeOnly(1, 30), RepeatedTime.Second).ShouldBe(Utc(11, 1, 6, 30));
    }

    [Fact]
    public void A_booked_appointment_and_its_buffers_take_out_every_slot_they_meet()
    {
        var monday = new DateOnly(2026, 12, 14);
        // Taken, buffers included: 10:00 to 10:50 (15:00Z to 15:50Z). The window is 09:00 to 12:00 (14:00Z to 17:00Z).
        var busy = new BusyTime(Provider, Utc(12, 14, 15), Utc(12, 14, 15, 50));

        static IEnumerable<int> Times(IReadOnlyList<Slot> slots) => slots.Select(s => s.StartsAt.Hour * 100 + s.StartsAt.Minute);

        Times(Find(Search(monday), [Window(monday, 9, 12)], busy: [busy])).ShouldBe([1400, 1430, 1600, 1630]);
        // 15 minutes kept free before 11:00 (16:00Z) would start at 15:45Z, still taken.
        Times(Find(Search(monday, before: 15), [Window(monday, 9, 12)], busy: [busy])).ShouldBe([1400, 1430, 1630]);
        // 10 minutes kept free after 09:30 (14:30Z) would run to 15:10Z, already taken.
        Times(Find(Search(monday, after: 10), [Window(monday, 9, 12)], busy: [busy])).ShouldBe([1400, 1600, 1630]);
    }

    [Fact]
    public void Any_provider_offers_each_time_once_with_the_provider_who_has_the_most_free_time_that_day()
    {
        var monday = new DateOnly(2026, 12, 14);
        var other = Guid.NewGuid();
        var weekly = new[] { Window(monday, 9, 12), new WeeklyWindow(other, Location, ClinicTime.IsoWeekday(monday), new TimeOnly(9, 0), new TimeOnly(12, 0)) };
        // 09:00 to 10:00 (14:00Z to 15:00Z) taken: that provider has 4 free slots that day, the other 6.
        IReadOnlyList<Slot> AnyProvider(Guid busyProvider) =>
            SlotFinder.OnePerTime(
                SlotFinder.Find(Search(monday), [Provider, other], weekly, [], [new BusyTime(busyProvider, Utc(12, 14, 14), Utc(12, 14, 15))]));

        foreach (var (busy, free) in new[] { (other, Provider), (Provider, other) })
        {
            var offered = AnyProvider(busy);
            offered.Select(s => s.StartsAt.Hour * 100 + s.StartsAt.Minute).ShouldBe([1400, 1430, 1500, 1530, 1600, 1630]);
            offered.ShouldAllBe(s => s.ProviderId == free);
        }

        var even = SlotFinder.OnePerTime(SlotFinder.Find(Search(monday), [Provider, other], weekly, [], []));
        even.Count.ShouldBe(6);
        even.ShouldAllBe(s => s.ProviderId == (Provider.CompareTo(other) < 0 ? Provider : other));
    }

    [Fact]
    public void Time_off_removes_slots_and_extra_hours_add_them()
    {
        var monday = new DateOnly(2026, 12, 14);
        var weekly = new[] { Window(monday, 9, 11) };
        var afternoonOff = new DatedChange(Provider, false, monday, monday, new TimeOnly(9, 30), new TimeOnly(10, 30), null);
        var wholeWeekOff = new DatedChange(Provider, false, monday.AddDays(-2), monday.AddDays(4), null, null, null);
        var extra = new DatedChange(Provider, true, monday, monday, new TimeOnly(18, 0), new TimeOnly(19, 0), Location);

        Find(Search(monday), weekly, [afternoonOff]).Select(s => s.StartsAt).ShouldBe([Utc(12, 14, 14), Utc(12, 14, 15, 30)]);
        Find(Search(monday), weekly, [wholeWeekOff]).ShouldBeEmpty();
        Find(Search(monday), weekly, [extra]).Count.ShouldBe(6);
        Find(Search(monday), weekly, [extra, wholeWeekOff]).ShouldBeEmpty();
    }

    [Fact]
    public void No_slot_starts_before_now_or_runs_past_the_end_of_the_window()
    {
        var monday = new DateOnly(2026, 12, 14);
        var search = Search(monday, minutes: 45) with { NotBefore = Utc(12, 14, 14, 1) };

        Find(search, [Window(monday, 9, 11)]).Select(s => s.StartsAt).ShouldBe([Utc(12, 14, 14, 45)]);
    }

    [Fact]
    public void Statuses_move_only_as_a_clinic_works()
    {
        AppointmentStatuses.CanMove("booked", "confirmed").ShouldBeTrue();
        AppointmentStatuses.CanMove("requested", "booked").ShouldBeTrue();
        AppointmentStatuses.CanMove("arrived", "in_room").ShouldBeTrue();
        AppointmentStatuses.CanMove("cancelled", "booked").ShouldBeFalse();
        AppointmentStatuses.CanMove("completed", "no_show").ShouldBeFalse();
        AppointmentStatuses.CanMove("requested", "completed").ShouldBeFalse();
        AppointmentStatuses.CanMove("unknown", "booked").ShouldBeFalse();
        AppointmentStatuses.Released.ShouldBe(["cancelled", "declined", "rescheduled"]);
    }
}
