using System.Text.Json;
using Portal.Shared.Database;

namespace Portal.Registration.Patients;

internal sealed record ContactPointView(string Kind, string Value);

/// <summary>The chart's Portal tab (S11): access, when and by whom it last changed, and how the patient can sign in.</summary>
internal sealed record PortalView(
    bool Access, DateTimeOffset? ChangedAt, string? ChangedBy, DateTimeOffset? LastSignInAt, IReadOnlyList<ContactPointView> SignInContacts);

/// <summary>A patient's chart as staff see it.</summary>
internal sealed record PatientChart(
    Guid Id,
    string? ChartNumber,
    string LegalGivenName,
    string LegalFamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string Sex,
    string? Gender,
    AddressFields? Address,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Mobiles,
    string PreferredContactMethod,
    string PreferredLanguage,
    IReadOnlyList<IdentifierFields> Identifiers,
    bool Active,
    PortalView Portal,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public PatientRecord ToRecord() => new(
        ChartNumber, LegalGivenName, LegalFamilyName, PreferredName, DateOfBirth, Sex, Gender, Address, Emails, Mobiles,
        PreferredContactMethod, PreferredLanguage, Identifiers, Active);
}

internal static class PatientCharts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The chart of a patient of this clinic, or null; <paramref name="forUpdate"/> locks the row for the caller's transaction.</summary>
    public static async Task<PatientChart?> LoadAsync(IDbSession db, Guid clinicId, Guid patientId, bool forUpdate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.QuerySingleOrDefaultAsync<ChartRow>(
            $"""
            select p.id, p.chart_number, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth, p.sex, p.gender,
                   p.address_line1, p.address_line2, p.address_city, p.address_region, p.address_postal_code, p.address_country,
                   p.preferred_contact_method, p.preferred_language, p.active, p.portal_access, p.portal_access_changed_at,
                   p.portal_access_changed_by, p.last_sign_in_at, p.version, p.created_at, p.updated_at,
                   coalesce((select json_agg(json_build_object('kind', c.kind, 'value', c.value) order by c.kind, c.position)
                             from registration.patient_contacts c where c.patient_id = p.id), '[]')::text as contacts,
                   coalesce((select json_agg(json_build_object('type', i.id_type, 'number', i.number, 'versionCode', i.version_code)
                                             order by i.position)
                             from registration.patient_identifiers i where i.patient_id = p.id), '[]')::text as identifiers
            from registration.patients p
            where p.clinic_id = @clinicId and p.id = @patientId
            {(forUpdate ? "for update of p" : string.Empty)}
            """,
            new { clinicId, patientId },
            cancellationToken);
        return row?.ToChart();
    }

    private sealed record ChartRow(
        Guid Id, string? ChartNumber, string LegalGivenName, string LegalFamilyName, string? PreferredName, DateOnly DateOfBirth,
        string Sex, string? Gender, string? AddressLine1, string? AddressLine2, string? AddressCity, string? AddressRegion,
        string? AddressPostalCode, string? AddressCountry, string PreferredContactMethod, string PreferredLanguage, bool Active,
        bool PortalAccess, DateTimeOffset? PortalAccessChangedAt, string? PortalAccessChangedBy, DateTimeOffset? LastSignInAt,
        int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Contacts, string Identifiers)
    {
        public PatientChart ToChart()
        {
            var address = AddressCountry is null
                ? null
                : new AddressFields(AddressLine1!, AddressLine2, AddressCity!, AddressRegion!, AddressPostalCode!, AddressCountry);
            // Emails sort before mobiles, each kind in the order entered.
            var signInContacts = JsonSerializer.Deserialize<List<ContactPointView>>(Contacts, Json)!;
            var emails = signInContacts.Where(c => c.Kind == "email").Select(c => c.Value).ToList();
            var mobiles = signInContacts.Where(c => c.Kind == "mobile").Select(c => c.Value).ToList();
            return new PatientChart(
                Id, ChartNumber, LegalGivenName, LegalFamilyName, PreferredName, DateOfBirth, Sex, Gender, address, emails, mobiles,
                PreferredContactMethod, PreferredLanguage, JsonSerializer.Deserialize<List<IdentifierFields>>(Identifiers, Json)!, Active,
                new PortalView(PortalAccess, PortalAccessChangedAt, PortalAccessChangedBy, LastSignInAt, signInContacts),
                Version, CreatedAt, UpdatedAt);
        }
    }
}
