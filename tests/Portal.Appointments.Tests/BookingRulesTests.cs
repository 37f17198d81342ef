using Portal.Appointments.Scheduling;

namespace Portal.Appointments.Tests;

/// <summary>The booking rules as plain rules, without the app.</summary>
public sealed class BookingRulesTests
{
    private static readonly TimeZoneInfo Toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    // 2027-01-11 10:00 in Toronto (a Monday).
    private static readonly DateTimeOffset Now = new(2027, 1, 11, 15, 0, 0, TimeSpan.Zero);

    private static readonly BookingRules Rules = new(MinNoticeMinutes: 120, BookAheadDays: 10, ChangeWindowMinutes: 1440, MaxUpcoming: 2, BookingModes.Direct);

    [Fact]
    public void A_start_inside_the_minimum_notice_is_too_soon_and_the_first_minute_after_it_is_not()
    {
        Rules.RefuseStart(Toronto, Now, Now.AddMinutes(119))!.Code.ShouldBe("too_soon");
        Rules.RefuseStart(Toronto, Now, Now.AddMinutes(120)).ShouldBeNull();
    }

    [Fact]
    public void The_last_bookable_day_is_today_plus_the_days_ahead_in_the_clinics_calendar_to_its_last_minute()
    {
        var lastDayLate = new DateTimeOffset(2027, 1, 21, 23, 59, 0, TimeSpan.FromHours(-5));
        Rules.RefuseStart(Toronto, Now, lastDayLate).ShouldBeNull();
        Rules.RefuseStart(Toronto, Now, lastDayLate.AddMinutes(1))!.Code.ShouldBe("too_far_ahead");
    }

    [Fact]
    public void Changes_close_the_window_before_the_start()
    {
        var start = Now.AddDays(2);
        Rules.ChangeableUntil(start).ShouldBe(Now.AddDays(1));
        Rules.StillChangeable(Now.AddDays(1).AddMinutes(-1), start).ShouldBeTrue();
        Rules.StillChangeable(Now.AddDays(1), start).ShouldBeFalse();
    }

    [Fact]
    public void The_clinics_limit_counts_all_types_and_a_types_own_limit_counts_that_type_only()
    {
        Rules.RefuseAnother(1, 1).ShouldBeNull();
        Rules.RefuseAnother(2, 0)!.Code.ShouldBe("too_many_upcoming");
        var own = new TypeBookingRules(MaxUpcoming: 1).Over(Rules);
        own.RefuseAnother(1, 0).ShouldBeNull();
        own.RefuseAnother(1, 1)!.Code.ShouldBe("too_many_upcoming");
        own.RefuseAnother(2, 0)!.Code.ShouldBe("too_many_upcoming");
    }

    [Fact]
    public void A_types_own_rules_replace_the_clinics_one_by_one()
    {
        var own = new TypeBookingRules(MinNoticeMinutes: 0, BookingMode: BookingModes.Request).Over(Rules);
        own.ShouldBe(new BookingRules(0, 10, 1440, 2, BookingModes.Request));
        own.ByRequest.ShouldBeTrue();
        new TypeBookingRules(BookAheadDays: 3, ChangeWindowMinutes: 60).Over(Rules).ShouldBe(new BookingRules(120, 3, 60, 2, BookingModes.Direct));
        Rules.ByRequest.ShouldBeFalse();
    }

    [Theory]
    [InlineData(120, "2 hours")]
    [InlineData(60, "1 hour")]
    [InlineData(1440, "1 day")]
    [InlineData(2880, "2 days")]
    [InlineData(90, "90 minutes")]
    [InlineData(1, "1 minute")]
    [InlineData(0, "0 minutes")]
    public void Lengths_read_as_a_patient_says_them(int minutes, string said) => BookingRules.Describe(minutes).ShouldBe(said);
}
