using Portal.Appointments.Notices;

namespace Portal.Appointments.Tests;

/// <summary>How a notice writes a time: in the clinic's zone, named, in the patient's language.</summary>
public sealed class NoticeWordingTests
{
    [Fact]
    public void A_notice_gives_the_clinics_wall_clock_and_names_its_zone_in_english_and_french()
    {
        var winter = new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);
        NoticeWordings.When(winter, "America/Toronto", "en").ShouldBe("Monday, December 7, 2026 at 9:00 a.m. EST");
        NoticeWordings.When(winter, "America/Toronto", "fr").ShouldBe("lundi 7 décembre 2026 à 9 h 00 HNE");

        var summer = new DateTimeOffset(2026, 7, 7, 13, 0, 0, TimeSpan.Zero);
        NoticeWordings.When(summer, "America/Toronto", "en").ShouldBe("Tuesday, July 7, 2026 at 9:00 a.m. EDT");
        NoticeWordings.When(summer, "America/Toronto", "fr").ShouldBe("mardi 7 juillet 2026 à 9 h 00 HAE");
    }

    [Fact]
    public void The_same_instant_reads_as_each_clinics_own_time_whatever_offset_it_was_given_with()
    {
        var fromTokyo = new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.FromHours(9));
        NoticeWordings.When(fromTokyo, "America/Toronto", "en").ShouldBe("Monday, December 7, 2026 at 9:00 a.m. EST");
        NoticeWordings.When(fromTokyo, "America/Vancouver", "en").ShouldBe("Monday, December 7, 2026 at 6:00 a.m. PST");
        NoticeWordings.When(fromTokyo, "America/St_Johns", "fr").ShouldBe("lundi 7 décembre 2026 à 10 h 30 HNT");
    }

    [Theory]
    [InlineData("America/Regina", "2026-07-07T15:00:00Z", "en", "CST")]
    [InlineData("America/Edmonton", "2026-07-07T15:00:00Z", "fr", "HAR")]
    [InlineData("America/Halifax", "2026-12-07T15:00:00Z", "en", "AST")]
    [InlineData("America/Winnipeg", "2026-07-07T15:00:00Z", "en", "CDT")]
    [InlineData("Asia/Tokyo", "2026-07-07T15:00:00Z", "en", "UTC+9")]
    [InlineData("Asia/Kolkata", "2026-07-07T15:00:00Z", "fr", "UTC+5:30")]
    [InlineData("America/Sao_Paulo", "2026-07-07T15:00:00Z", "en", "UTC−3")]
    [InlineData("Etc/UTC", "2026-07-07T15:00:00Z", "en", "UTC")]
    public void A_zone_is_named_by_its_letters_in_north_america_and_by_its_offset_elsewhere(string zone, string instant, string language, string expected)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        ZoneAbbreviation.At(at, TimeZoneInfo.FindSystemTimeZoneById(zone), language).ShouldBe(expected);
    }
}
