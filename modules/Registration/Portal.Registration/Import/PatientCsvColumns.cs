namespace Portal.Registration.Import;

/// <summary>The columns of a patient import file, as its header names them (in any case and order).</summary>
internal static class PatientCsvColumns
{
    public const string ChartNumber = "chart_number";
    public const string LegalGivenName = "legal_given_name";
    public const string LegalFamilyName = "legal_family_name";
    public const string PreferredName = "preferred_name";
    public const string DateOfBirth = "date_of_birth";
    public const string Sex = "sex";
    public const string Gender = "gender";
    public const string Email = "email";
    public const string Mobile = "mobile";
    public const string PreferredContactMethod = "preferred_contact_method";
    public const string PreferredLanguage = "preferred_language";
    public const string HealthCardProvince = "health_card_province";
    public const string HealthCardNumber = "health_card_number";
    public const string HealthCardVersion = "health_card_version";
    public const string OtherIdType = "other_id_type";
    public const string OtherIdNumber = "other_id_number";
    public const string AddressLine1 = "address_line1";
    public const string AddressLine2 = "address_line2";
    public const string City = "city";
    public const string Province = "province";
    public const string PostalCode = "postal_code";
    public const string Country = "country";
    public const string Active = "active";
    public const string PortalAccess = "portal_access";

    /// <summary>Every column, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ChartNumber, LegalGivenName, LegalFamilyName, PreferredName, DateOfBirth, Sex, Gender, Email, Mobile,
        PreferredContactMethod, PreferredLanguage, HealthCardProvince, HealthCardNumber, HealthCardVersion, OtherIdType, OtherIdNumber,
        AddressLine1, AddressLine2, City, Province, PostalCode, Country, Active, PortalAccess,
    ];

    public static IReadOnlyList<string> Required { get; } = [LegalGivenName, LegalFamilyName, DateOfBirth, Sex];

    /// <summary>The column a problem that <see cref="Patients.PatientRules"/> names by its JSON field belongs to.</summary>
    public static string ForField(string field) => field switch
    {
        "chartNumber" => ChartNumber,
        "legalGivenName" => LegalGivenName,
        "legalFamilyName" => LegalFamilyName,
        "preferredName" => PreferredName,
        "dateOfBirth" => DateOfBirth,
        "sex" => Sex,
        "gender" => Gender,
        "preferredContactMethod" => PreferredContactMethod,
        "preferredLanguage" => PreferredLanguage,
        "address.line1" => AddressLine1,
        "address.line2" => AddressLine2,
        "address.city" => City,
        "address.province" => Province,
        "address.postalCode" => PostalCode,
        "address.country" => Country,
        _ when field.StartsWith("emails", StringComparison.Ordinal) => Email,
        _ when field.StartsWith("mobiles", StringComparison.Ordinal) => Mobile,
        _ => field,
    };
}
