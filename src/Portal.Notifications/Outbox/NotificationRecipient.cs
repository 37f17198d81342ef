using System.Globalization;

namespace Portal.Notifications;

/// <summary>Where a notification to a person goes: the channels and the addresses for them.</summary>
public sealed record NotificationRecipient(NotificationChannels Channels, string? Email, string? Phone)
{
    /// <summary>
    /// The channels a person asked for, among the addresses they have on record: both when they asked
    /// for both and have both, else the one they have; null when they have no address for what they asked.
    /// </summary>
    public static NotificationRecipient? Preferred(bool wantsEmail, bool wantsSms, string? email, string? phone) =>
        (wantsEmail && email is not null, wantsSms && phone is not null) switch
        {
            (true, true) => new(NotificationChannels.EmailAndSms, email, phone),
            (true, false) => new(NotificationChannels.Email, email, null),
            (false, true) => new(NotificationChannels.Sms, null, phone),
            _ => null,
        };
}

/// <summary>A passcode's validity in words, as the clinic's timeout choices are: hours below a day, else days.</summary>
public static class Durations
{
    public static string Describe(TimeSpan lifetime, string language)
    {
        var fr = language == "fr";
        if (lifetime.TotalHours < 24 || lifetime.TotalHours % 24 != 0)
        {
            var hours = (int)Math.Round(lifetime.TotalHours);
            return Count(hours, fr ? "heure" : "hour");
        }

        return Count((int)lifetime.TotalDays, fr ? "jour" : "day");
    }

    private static string Count(int count, string unit) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count > 1 ? "s" : "");
}
