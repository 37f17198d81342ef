using System.Diagnostics.CodeAnalysis;

namespace Portal.Registration.Patients;

/// <summary>
/// The regions and postal codes Portal accepts in a patient's address, for Canada ("CA") and the
/// United States ("US"), and the one form in which it stores each postal code.
/// </summary>
internal static class PostalAddresses
{
    public const string Canada = "CA";
    public const string UnitedStates = "US";

    public static IReadOnlyList<string> Provinces { get; } = Array.AsReadOnly(
    [
        "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
    ]);

    /// <summary>The 50 states, the District of Columbia, and the inhabited territories with USPS codes.</summary>
    public static IReadOnlyList<string> UsStates { get; } = Array.AsReadOnly(
    [
        "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI", "IA", "ID", "IL", "IN",
        "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM",
        "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI",
        "WV", "WY",
    ]);

    // Canada Post never uses D, F, I, O, Q or U, and never starts a postal code with W or Z.
    private const string CanadianLetters = "ABCEGHJKLMNPRSTVWXYZ";
    private const string CanadianFirstLetters = "ABCEGHJKLMNPRSTVXY";

    /// <summary>Country and region codes are exact and upper-case.</summary>
    public static bool IsRegion(string country, string code) => country switch
    {
        Canada => Provinces.Contains(code, StringComparer.Ordinal),
        UnitedStates => UsStates.Contains(code, StringComparer.Ordinal),
        _ => false,
    };

    public static bool TryNormalizePostalCode(string country, string input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (input is null)
        {
            return false;
        }

        var text = input.Trim();
        return country switch
        {
            Canada => TryNormalizeCanadian(text.ToUpperInvariant(), out normalized),
            UnitedStates => TryNormalizeZipCode(text, out normalized),
            _ => false,
        };
    }

    // "A1A 1A1", written with one space, a hyphen or nothing between the two halves.
    private static bool TryNormalizeCanadian(string text, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var (forward, local) = text.Length switch
        {
            6 => (text[..3], text[3..]),
            7 when text[3] is ' ' or '-' => (text[..3], text[4..]),
            _ => (string.Empty, string.Empty),
        };

        if (forward.Length != 3
            || !CanadianFirstLetters.Contains(forward[0], StringComparison.Ordinal)
            || !char.IsAsciiDigit(forward[1])
            || !CanadianLetters.Contains(forward[2], StringComparison.Ordinal)
            || !char.IsAsciiDigit(local[0])
            || !CanadianLetters.Contains(local[1], StringComparison.Ordinal)
            || !char.IsAsciiDigit(local[2]))
        {
            return false;
        }

        normalized = $"{forward} {local}";
        return true;
    }

    // "12345" or ZIP+4 "12345-6789", the extension written after a hyphen or a space.
    private static bool TryNormalizeZipCode(string text, [NotNullWhen(true)] out string? normalized)
    {
        normalized = text.Length switch
        {
            5 when IsDigits(text) => text,
            10 when text[5] is '-' or ' ' && IsDigits(text.AsSpan(0, 5)) && IsDigits(text.AsSpan(6)) => $"{text[..5]}-{text[6..]}",
            _ => null,
        };
        return normalized is not null;
    }

    private static bool IsDigits(ReadOnlySpan<char> value) => !value.ContainsAnyExceptInRange('0', '9');
}
