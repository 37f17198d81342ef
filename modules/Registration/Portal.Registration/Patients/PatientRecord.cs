using System.Globalization;
using System.Text;
using Portal.Registration.Contracts;

namespace Portal.Registration.Patients;

/// <summary>
/// A patient as stored: what was entered, normalised the one way sign-in and search expect
/// (trimmed names, upper-case chart and ID numbers, lower-case emails, E.164 mobiles).
/// </summary>
internal sealed record PatientRecord(
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
    bool Active)
{
    /// <summary>Normalises fields that <see cref="PatientRules.Check"/> found valid.</summary>
    public static PatientRecord From(PatientFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new PatientRecord(
            PatientRules.NormalizeChartNumber(fields.ChartNumber),
            fields.LegalGivenName.Trim(),
            fields.LegalFamilyName.Trim(),
            PatientRules.NormalizeOptional(fields.PreferredName),
            fields.DateOfBirth,
            fields.Sex,
            PatientRules.NormalizeOptional(fields.Gender),
            fields.Address is { } address ? NormalizeAddress(address) : null,
            fields.Emails.Select(e => PatientRules.NormalizeEmail(e)!).ToList(),
            fields.Mobiles.Select(m => PatientRules.NormalizeMobile(m)!).ToList(),
            fields.PreferredContactMethod,
            fields.PreferredLanguage,
            fields.Identifiers.Select(NormalizeIdentifier).ToList(),
            fields.IsActive);
    }

    public IReadOnlyList<ContactPoint> Contacts =>
        [.. Emails.Select(e => new ContactPoint(ContactKind.Email, e)), .. Mobiles.Select(m => new ContactPoint(ContactKind.Mobile, m))];

    /// <summary>Family then given name, folded, for the list's order.</summary>
    public string SortKey => PatientNames.Fold($"{LegalFamilyName} {LegalGivenName}");

    /// <summary>Every name word, folded, for search.</summary>
    public string NameWords => PatientNames.Fold($"{LegalGivenName} {LegalFamilyName} {PreferredName}");

    /// <summary>What the patient list shows beside the name, stored on the patient row with the rest.</summary>
    public ListedDetails Listed => new(
        Identifiers.Count > 0 ? Identifiers[0].Type : null,
        Identifiers.Count > 0 ? Identifiers[0].Number : null,
        Identifiers.Count > 0 ? Identifiers[0].VersionCode : null,
        Emails.Count > 0 ? Emails[0] : null,
        Mobiles.Count > 0 ? Mobiles[0] : null);

    private static AddressFields NormalizeAddress(AddressFields address)
    {
        PostalAddresses.TryNormalizePostalCode(address.Country, address.PostalCode, out var postalCode);
        return new AddressFields(
            address.Line1.Trim(), PatientRules.NormalizeOptional(address.Line2), address.City.Trim(), address.Province, postalCode!, address.Country);
    }

    private static IdentifierFields NormalizeIdentifier(IdentifierFields identifier)
    {
        var type = PatientRules.NormalizeIdType(identifier.Type);
        if (HealthCards.IsProvince(type))
        {
            var card = HealthCards.Check(type, identifier.Number, identifier.VersionCode);
            return new IdentifierFields(type, card.Number, card.VersionCode);
        }

        return new IdentifierFields(type, PatientRules.NormalizeIdNumber(identifier.Number), null);
    }
}

/// <summary>Names folded for sorting and search: lower case, accents removed, words separated by one space.</summary>
internal static class PatientNames
{
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                folded.Append(' ');
                space = true;
            }
        }

        return folded.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The folded words of <paramref name="query"/>, each to be matched as the start of a word of a
    /// patient's names (<c>registration.patient_search_keys</c>, kind <c>n</c>); null when the query has
    /// no words. Only letters and digits reach them.
    /// </summary>
    public static IReadOnlyList<string>? PrefixWords(string query)
    {
        var words = Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        return words.Length == 0 ? null : words;
    }
}

/// <summary>A patient's first identifier, first email and first mobile: the list's columns beside the name.</summary>
internal sealed record ListedDetails(string? IdType, string? IdNumber, string? IdVersion, string? Email, string? Mobile);
