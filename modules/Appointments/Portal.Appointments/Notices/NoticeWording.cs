using System.Globalization;
using Microsoft.Extensions.Options;
using Portal.Shared;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Notices;

/// <summary>An appointment in the words of a notice, in one language: only what the patient needs and the clinic allows.</summary>
/// <param name="What">"appointment", or with the clinic's leave "appointment (Follow-up visit)".</param>
/// <param name="When">The start in the clinic's time zone, written out.</param>
/// <param name="Place">The location's name and address, or "virtual (online)".</param>
/// <param name="Link">The portal's Appointments page of the clinic.</param>
internal sealed record NoticeWording(string Clinic, string What, string When, string Provider, string Place, string Link, string Summary)
{
    public Dictionary<string, string> Data() => new()
    {
        ["clinic"] = Clinic,
        ["what"] = What,
        ["when"] = When,
        ["provider"] = Provider,
        ["place"] = Place,
        ["link"] = Link,
    };
}

internal sealed class NoticeWordings(IOptions<PortalOptions> portal)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-CA");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-CA");

    public NoticeWording For(AppointmentFacts appointment, ClinicRef clinic, bool nameType, string language)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(clinic);
        var fr = language == "fr";
        var noun = fr ? "rendez-vous" : "appointment";
        var what = nameType ? $"{noun} ({(fr ? appointment.TypeNameFr : appointment.TypeNameEn)})" : noun;
        var place = appointment.Mode == "virtual" || appointment.LocationName is null
            ? (fr ? "virtuel (en ligne)" : "virtual (online)")
            : appointment.LocationAddress is { } address ? $"{appointment.LocationName}, {address.ReplaceLineEndings(", ")}" : appointment.LocationName;
        var provider = appointment.ProviderTitle is { } title ? $"{appointment.ProviderName}, {title}" : appointment.ProviderName;
        var link = $"{portal.Value.PublicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinic.Slug)}/appointments";
        var summary = (fr, nameType) switch
        {
            (true, true) => $"Rendez-vous à {clinic.Name} : {appointment.TypeNameFr}",
            (true, false) => $"Rendez-vous à {clinic.Name}",
            (false, true) => $"Appointment at {clinic.Name}: {appointment.TypeNameEn}",
            _ => $"Appointment at {clinic.Name}",
        };

        return new NoticeWording(clinic.Name, what, When(appointment.StartsAt, clinic.TimeZone, language), provider, place, link, summary);
    }

    /// <summary>
    /// "Monday, March 9, 2026 at 9:00 a.m. EDT" or "lundi 9 mars 2026 à 9 h 00 HAE": in the clinic's time zone, named, since
    /// a patient may read it elsewhere (a virtual visit, a trip).
    /// </summary>
    public static string When(DateTimeOffset instant, string timeZone, string language)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = language == "fr"
            ? local.ToString("dddd d MMMM yyyy 'à' H 'h' mm", French)
            : local.ToString("dddd, MMMM d, yyyy 'at' h:mm tt", English);
        return $"{time} {ZoneAbbreviation.At(instant, zone, language)}";
    }
}
