using Microsoft.AspNetCore.Identity;

namespace Portal.Identity.Staff;

/// <summary>
/// Staff passwords: PBKDF2 through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, and
/// the NIST SP 800-63B rules: long enough, not a well-known password, no composition rules.
/// </summary>
internal sealed class StaffPasswords
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "password1234", "password12345", "passwordpassword", "qwertyuiopas",
        "qwerty123456", "111111111111", "000000000000", "abcdefghijkl", "iloveyou1234", "letmein12345",
        "welcome12345", "administrator", "changeme1234", "admin1234567", "portalportal", "patientportal",
        "aaaaaaaaaaaa", "abc123abc123", "football1234", "baseball1234", "sunshine1234", "princess1234",
    };

    private readonly PasswordHasher<StaffUser> _hasher = new();

    // Verified against when no account matches, so both paths cost one PBKDF2 run.
    private readonly string _dummyHash;

    public StaffPasswords() => _dummyHash = _hasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString());

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public static string? Weakness(string password, string email)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(email);
        if (password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters; a few words together make a good password.";
        }

        if (password.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (Common.Contains(password) || password.Distinct().Count() <= 2)
        {
            return "This password is too easy to guess.";
        }

        if (password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            return "Do not use your email address in your password.";
        }

        return null;
    }

    public string Hash(string password) => _hasher.HashPassword(new StaffUser(), password);

    /// <summary>Checks a password; <paramref name="hash"/> null means no such account and always fails, in the same time.</summary>
    public (bool Verified, bool NeedsRehash) Verify(string? hash, string password)
    {
        var outcome = _hasher.VerifyHashedPassword(new StaffUser(), hash ?? _dummyHash, password);
        return hash is null
            ? (false, false)
            : (outcome != PasswordVerificationResult.Failed, outcome == PasswordVerificationResult.SuccessRehashNeeded);
    }
}
