using System.Globalization;

namespace Portal.Appointments.Notices;

/// <summary>
/// The short name of a clinic's time zone at an instant, as a notice writes it after a time: "EST" or "HNE" in Toronto's
/// winter, "EDT" or "HAE" in its summer. Zones of Canada and the United States have letters; any other zone is written as
/// its offset ("UTC+9"), as browsers do for zones without a common abbreviation.
/// </summary>
internal static class ZoneAbbreviation
{
    private static readonly HashSet<string> NorthAmerican = new(StringComparer.Ordinal)
    {
        "America/St_Johns", "America/Halifax", "America/Glace_Bay", "America/Moncton", "America/Goose_Bay", "America/Blanc-Sablon",
        "America/Toronto", "America/Montreal", "America/Nipigon", "America/Thunder_Bay", "America/Iqaluit", "America/Pangnirtung",
        "America/Atikokan", "America/Winnipeg", "America/Rainy_River", "America/Resolute", "America/Rankin_Inlet", "America/Regina",
        "America/Swift_Current", "America/Edmonton", "America/Cambridge_Bay", "America/Yellowknife", "America/Inuvik",
        "America/Creston", "America/Dawson_Creek", "America/Fort_Nelson", "America/Whitehorse", "America/Dawson", "America/Vancouver",
        "Canada/Newfoundland", "Canada/Atlantic", "Canada/Eastern", "Canada/Central", "Canada/Saskatchewan", "Canada/Mountain",
        "Canada/Yukon", "Canada/Pacific",
        "America/New_York", "America/Detroit", "America/Indiana/Indianapolis", "America/Kentucky/Louisville", "America/Chicago",
        "America/Denver", "America/Boise", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Juneau",
        "Pacific/Honolulu", "US/Eastern", "US/Central", "US/Mountain", "US/Arizona", "US/Pacific", "US/Alaska", "US/Hawaii",
    };

    // Standard offset in minutes -> the region's letters in English and in French (heure normale / avancée de …).
    private static readonly Dictionary<int, (string En, string Fr)> Regions = new()
    {
        [-210] = ("N", "T"),
        [-240] = ("A", "A"),
        [-300] = ("E", "E"),
        [-360] = ("C", "C"),
        [-420] = ("M", "R"),
        [-480] = ("P", "P"),
        [-540] = ("AK", "AK"),
        [-600] = ("H", "H"),
    };

    public static string At(DateTimeOffset instant, TimeZoneInfo zone, string language)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var offset = zone.GetUtcOffset(instant);
        var daylight = zone.IsDaylightSavingTime(instant);
        // North American daylight time is always an hour ahead of standard time.
        var standard = (int)(daylight ? offset - TimeSpan.FromHours(1) : offset).TotalMinutes;
        if (NorthAmerican.Contains(zone.Id) && Regions.TryGetValue(standard, out var region))
        {
            return language == "fr"
                ? $"H{(daylight ? "A" : "N")}{region.Fr}"
                : $"{region.En}{(daylight ? "D" : "S")}T";
        }

        if (offset == TimeSpan.Zero)
        {
            return "UTC";
        }

        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var magnitude = offset.Duration();
        return magnitude.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{magnitude.Hours}")
            : string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{magnitude.Hours}:{magnitude.Minutes:00}");
    }
}
