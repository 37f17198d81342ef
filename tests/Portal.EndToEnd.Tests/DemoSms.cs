using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.EndToEnd.Tests;

/// <summary>The demo clinic's patients who prefer SMS, and the SMS the embedded default writes to its outbox file.</summary>
internal static partial class DemoSms
{
    /// <summary>A demo patient who prefers SMS and <paramref name="language"/>, which the portal speaks once they are signed in.</summary>
    public static Task<SmsPatient> PatientPreferringSmsAsync(PortalApp app, Guid clinicId, int skip, string language) =>
        app.QuerySingleAsync<SmsPatient>(
            """
            select p.id, i.number as health_number, c.value as mobile, to_char(p.date_of_birth, 'YYYY-MM-DD') as date_of_birth,
                   coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name as display_name
            from registration.patients p
            join registration.patient_identifiers i on i.patient_id = p.id and i.id_type = 'ON'
            join registration.patient_contacts c on c.patient_id = p.id and c.kind = 'mobile' and c.position = 0
            where p.clinic_id = @clinicId and p.portal_access and p.active and p.preferred_contact_method = 'sms'
              and p.preferred_language = @language
            order by p.sort_key
            offset @skip limit 1
            """,
            new { clinicId, skip, language });

    /// <summary>The texts of the SMS to a number, oldest first, from the file the embedded default writes them to.</summary>
    public static List<string> To(PortalApp app, string number)
    {
        var file = Path.Combine(app.FilesRoot, "sms", "outbox.jsonl");
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var texts = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            using var sms = JsonDocument.Parse(line);
            if (sms.RootElement.GetProperty("to").GetString() == number)
            {
                texts.Add(sms.RootElement.GetProperty("body").GetString()!);
            }
        }

        return texts;
    }

    /// <summary>The sign-in link an SMS carries, with the clinic's slug.</summary>
    [GeneratedRegex(@"https?://[^\s/]+/(?<slug>[a-z0-9-]+)/m/[A-Za-z0-9_-]{20,}")]
    public static partial Regex Link();
}

internal sealed record SmsPatient(Guid Id, string HealthNumber, string Mobile, string DateOfBirth, string DisplayName);
