namespace Portal.Registration.Patients;

internal enum VersionCodeRule
{
    None,
    Optional,
}

internal sealed record HealthCardType(string Code, VersionCodeRule VersionCode, string Example);

/// <summary>
/// The outcome of checking a health card. <see cref="Number"/> and <see cref="VersionCode"/> are the
/// normalised values Portal stores; <see cref="Message"/> is for staff and never repeats the number.
/// </summary>
internal sealed record HealthCardCheck(
    bool IsValid,
    string Number,
    string? VersionCode,
    string? ErrorField,
    string? ErrorCode,
    string? Message);

/// <summary>
/// What Portal accepts as a health card number for each Canadian province and territory, and how it
/// stores it: separators removed, letters upper-cased. Only rules a province publishes are enforced.
/// </summary>
internal static class HealthCards
{
    public const string NumberField = "number";
    public const string VersionCodeField = "versionCode";

    public const string NumberFormatError = "id_number_format";
    public const string CheckDigitError = "health_card_check_digit";
    public const string VersionCodeFormatError = "version_code_format";
    public const string VersionCodeNotUsedError = "version_code_not_used";

    private static readonly int[] BritishColumbiaWeights = [2, 4, 8, 5, 10, 9, 7, 3];

    private static readonly Jurisdiction[] Jurisdictions =
    [
        new(new("AB", VersionCodeRule.None, "12345-6789"), "Alberta", "health number", "has 9 digits", n => IsDigits(n, 9)),
        new(new("BC", VersionCodeRule.None, "9123 456 789"), "British Columbia", "personal health number", "has 10 digits and starts with 9",
            n => IsDigits(n, 10) && n[0] == '9', HasBritishColumbiaCheckDigit),
        new(new("MB", VersionCodeRule.None, "123 456 789"), "Manitoba", "health number", "has 9 digits", n => IsDigits(n, 9)),
        new(new("NB", VersionCodeRule.None, "123 456 789"), "New Brunswick", "health number", "has 9 digits", n => IsDigits(n, 9)),
        new(new("NL", VersionCodeRule.None, "123 456 789 012"), "Newfoundland and Labrador", "health number", "has 12 digits", n => IsDigits(n, 12)),
        new(new("NS", VersionCodeRule.None, "1234 567 890"), "Nova Scotia", "health number", "has 10 digits", n => IsDigits(n, 10)),
        new(new("NT", VersionCodeRule.None, "N1234567"), "Northwest Territories", "health number", "is one letter followed by 7 digits",
            n => n.Length == 8 && char.IsAsciiLetterUpper(n[0]) && IsDigits(n.AsSpan(1), 7)),
        new(new("NU", VersionCodeRule.None, "123 456 789"), "Nunavut", "health number", "has 9 digits", n => IsDigits(n, 9)),
        new(new("ON", VersionCodeRule.Optional, "1234 567 890"), "Ontario", "health number", "has 10 digits",
            n => IsDigits(n, 10), HasOntarioCheckDigit),
        new(new("PE", VersionCodeRule.None, "1234 5678"), "Prince Edward Island", "health number", "has 8 digits", n => IsDigits(n, 8)),
        new(new("QC", VersionCodeRule.None, "ABCD 1234 5678"), "Québec", "health insurance number", "is 4 letters followed by 8 digits",
            n => n.Length == 12 && IsLetters(n.AsSpan(0, 4)) && IsDigits(n.AsSpan(4), 8)),
        new(new("SK", VersionCodeRule.None, "123 456 789"), "Saskatchewan", "health number", "has 9 digits", n => IsDigits(n, 9)),
        new(new("YT", VersionCodeRule.None, "123 456 789"), "Yukon", "health number", "has 9 digits", n => IsDigits(n, 9)),
    ];

    public static IReadOnlyList<HealthCardType> All { get; } = Array.AsReadOnly(Array.ConvertAll(Jurisdictions, j => j.Type));

    public static HealthCardType? Find(string code) => FindJurisdiction(code)?.Type;

    public static bool IsProvince(string code) => FindJurisdiction(code) is not null;

    /// <summary>Callers check the province first (<see cref="IsProvince"/>); an unknown code is a bug.</summary>
    public static HealthCardCheck Check(string code, string number, string? versionCode)
    {
        ArgumentNullException.ThrowIfNull(number);
        var jurisdiction = FindJurisdiction(code)
            ?? throw new ArgumentException("Not a Canadian province or territory code.", nameof(code));

        var normalizedNumber = NormalizeNumber(number);
        var normalizedVersion = NormalizeVersionCode(versionCode);

        if (!jurisdiction.HasShape(normalizedNumber))
        {
            return Invalid(NumberField, NumberFormatError, $"{jurisdiction.Subject} {jurisdiction.Shape}.");
        }

        if (jurisdiction.Type.Code == "QC" && !HasQuebecBirthDate(normalizedNumber))
        {
            return Invalid(NumberField, NumberFormatError,
                $"{jurisdiction.Subject} must hold a real birth month (01 to 12, or 51 to 62) and day (01 to 31) after the birth year.");
        }

        if (jurisdiction.HasCheckDigit is { } hasCheckDigit && !hasCheckDigit(normalizedNumber))
        {
            return Invalid(NumberField, CheckDigitError,
                $"The check digit of this {jurisdiction.Name} {jurisdiction.Noun} does not match the other digits; one of them is probably mistyped.");
        }

        if (normalizedVersion is not null)
        {
            if (jurisdiction.Type.VersionCode == VersionCodeRule.None)
            {
                return Invalid(VersionCodeField, VersionCodeNotUsedError, $"{jurisdiction.Article} {jurisdiction.Name} health card has no version code.");
            }

            if (normalizedVersion.Length > 2 || !IsLetters(normalizedVersion))
            {
                return Invalid(VersionCodeField, VersionCodeFormatError, $"{jurisdiction.Article} {jurisdiction.Name} version code is one or two letters.");
            }
        }

        return new HealthCardCheck(true, normalizedNumber, normalizedVersion, null, null, null);

        HealthCardCheck Invalid(string field, string error, string message) =>
            new(false, normalizedNumber, normalizedVersion, field, error, message);
    }

    private static Jurisdiction? FindJurisdiction(string code) =>
        Array.Find(Jurisdictions, j => string.Equals(j.Type.Code, code, StringComparison.Ordinal));

    private static string NormalizeNumber(string number) =>
        string.Concat(number.Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();

    private static string? NormalizeVersionCode(string? versionCode)
    {
        var trimmed = versionCode?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToUpperInvariant();
    }

    private static bool IsDigits(ReadOnlySpan<char> value, int length) =>
        value.Length == length && !value.ContainsAnyExceptInRange('0', '9');

    private static bool IsLetters(ReadOnlySpan<char> value) =>
        !value.IsEmpty && !value.ContainsAnyExceptInRange('A', 'Z');

    // Ontario Ministry of Health: the Luhn mod 10 check over all ten digits, the tenth being the check digit.
    private static bool HasOntarioCheckDigit(string number)
    {
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    // BC Ministry of Health: each of digits 2 to 9 times its weight, mod 11, summed; the check digit is 11 minus
    // that sum mod 11, so sums leaving 0 or 1 give no digit and no valid number (as the Province's own services check).
    private static bool HasBritishColumbiaCheckDigit(string number)
    {
        var sum = 0;
        for (var i = 0; i < BritishColumbiaWeights.Length; i++)
        {
            sum += (number[i + 1] - '0') * BritishColumbiaWeights[i] % 11;
        }

        return 11 - (sum % 11) == number[9] - '0';
    }

    // RAMQ: four letters, then YYMMDD of birth (50 added to the month for women), then two administrative digits.
    private static bool HasQuebecBirthDate(string number)
    {
        var month = ((number[6] - '0') * 10) + (number[7] - '0');
        var day = ((number[8] - '0') * 10) + (number[9] - '0');
        return month is (>= 1 and <= 12) or (>= 51 and <= 62) && day is >= 1 and <= 31;
    }

    private sealed record Jurisdiction(
        HealthCardType Type,
        string Name,
        string Noun,
        string Shape,
        Func<string, bool> HasShape,
        Func<string, bool>? HasCheckDigit = null)
    {
        public string Article { get; } = Name[0] is 'A' or 'E' or 'I' or 'O' or 'U' ? "An" : "A";

        public string Subject => $"{Article} {Name} {Noun}";
    }
}
