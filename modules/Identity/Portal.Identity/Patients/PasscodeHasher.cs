using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Portal.Shared.Security;

namespace Portal.Identity.Patients;

/// <summary>
/// Passcodes (checklist P1): six digits from a cryptographically secure generator, stored only as an
/// HMAC-SHA256 under a key the application makes at first use. The key is kept in the database,
/// encrypted with the Data Protection key ring, so every host shares it and a copy of the database
/// alone cannot test guesses.
/// </summary>
internal sealed class PasscodeHasher(NpgsqlDataSource dataSource, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    public const int Digits = 6;
    private const string KeyName = "patient-passcode-hmac";

    private readonly StoredHmacKey _key = new(
        dataSource, protection.CreateProtector("Portal.Identity.Secrets"), clock, "identity.secrets", KeyName);

    public static string NewPasscode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _key.Dispose();

    /// <summary>Bound to its attempt (P3): the same digits under another attempt give another hash.</summary>
    public Task<byte[]> HashAsync(Guid attemptId, string passcode, CancellationToken cancellationToken) =>
        _key.HashAsync(attemptId, passcode, cancellationToken);

    public async Task<bool> MatchesAsync(Guid attemptId, string passcode, byte[] stored, CancellationToken cancellationToken) =>
        CryptographicOperations.FixedTimeEquals(await HashAsync(attemptId, passcode, cancellationToken), stored);
}
