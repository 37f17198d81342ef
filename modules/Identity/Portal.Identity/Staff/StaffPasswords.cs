using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Identity.Staff;

/// <summary>The work factor of staff password hashes: PBKDF2-HMAC-SHA512 iterations (<c>Identity:StaffPasswords</c>).</summary>
internal sealed class StaffPasswordOptions
{
    /// <summary>ASP.NET Core Identity's own default, the least any host but a test host may use. A host may raise it; a hash made with fewer is remade at its next sign-in.</summary>
    public const int Minimum = 100_000;

    public int Iterations { get; set; } = Minimum;
}

/// <summary>
/// Refuses to start a host whose staff passwords would be hashed with fewer than <see cref="StaffPasswordOptions.Minimum"/> iterations.
/// Only test hosts (environment "Testing") may: they create thousands of accounts, and what they prove does not depend on the work factor.
/// </summary>
internal sealed class StaffPasswordOptionsValidation(IHostEnvironment environment) : IValidateOptions<StaffPasswordOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffPasswordOptions options) =>
        options.Iterations < 1
            ? ValidateOptionsResult.Fail("Identity:StaffPasswords:Iterations must be a positive number.")
            : options.Iterations < StaffPasswordOptions.Minimum && !environment.IsEnvironment("Testing")
                ? ValidateOptionsResult.Fail($"Identity:StaffPasswords:Iterations must be at least {StaffPasswordOptions.Minimum:N0}.")
                : ValidateOptionsResult.Success;
}

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

    private readonly PasswordHasher<StaffUser> _hasher;

    // Verified against when no account matches, so both paths cost one PBKDF2 run.
    private readonly string _dummyHash;

    public StaffPasswords(IOptions<StaffPasswordOptions> options)
    {
        _hasher = new PasswordHasher<StaffUser>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        }));
        _dummyHash = _hasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString());
    }

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
