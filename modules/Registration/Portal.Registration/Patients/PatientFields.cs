using System.Text.Json.Serialization;

namespace Portal.Registration.Patients;

/// <summary>A postal address in Canada or the United States.</summary>
/// <param name="Province">A province or territory code in Canada, a state code in the United States.</param>
internal sealed record AddressFields(string Line1, string? Line2, string City, string Province, string PostalCode, string Country);

/// <summary>A health card (<see cref="Type"/> is a province code) or one of the clinic's own IDs.</summary>
/// <param name="VersionCode">Ontario's one or two letters after the number; null elsewhere.</param>
internal sealed record IdentifierFields(string Type, string Number, string? VersionCode);

/// <summary>
/// What staff enter about a patient, as the create and edit forms and the import send it. Optional
/// fields may be left out; the rest must be present.
/// </summary>
internal abstract record PatientFields
{
    public string? ChartNumber { get; init; }

    public required string LegalGivenName { get; init; }

    public required string LegalFamilyName { get; init; }

    public string? PreferredName { get; init; }

    public required DateOnly DateOfBirth { get; init; }

    /// <summary><c>female</c>, <c>male</c>, <c>x</c> or <c>unknown</c>, as on provincial health cards.</summary>
    public required string Sex { get; init; }

    /// <summary>Gender identity in the patient's own words.</summary>
    public string? Gender { get; init; }

    public AddressFields? Address { get; init; }

    /// <summary>Email addresses, the primary one first.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>Mobile numbers, the primary one first.</summary>
    public IReadOnlyList<string> Mobiles { get; init; } = [];

    /// <summary><c>email</c>, <c>sms</c> or <c>both</c>.</summary>
    public required string PreferredContactMethod { get; init; }

    /// <summary><c>en</c> or <c>fr</c>.</summary>
    public required string PreferredLanguage { get; init; }

    public IReadOnlyList<IdentifierFields> Identifiers { get; init; } = [];

    /// <summary>Set by whoever built the fields: the JSON body never carries it.</summary>
    [JsonIgnore]
    public abstract bool IsActive { get; }
}
