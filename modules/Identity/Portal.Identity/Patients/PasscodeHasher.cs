using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

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

    private readonly IDataProtector _protector = protection.CreateProtector("Portal.Identity.Secrets");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    public static string NewPasscode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _loading.Dispose();

    public async Task<byte[]> HashAsync(Guid attemptId, string passcode, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadKeyAsync(cancellationToken);
        // Bound to its attempt (P3): the same digits under another attempt give another hash.
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{attemptId:N}:{passcode}"));
    }

    public async Task<bool> MatchesAsync(Guid attemptId, string passcode, byte[] stored, CancellationToken cancellationToken) =>
        CryptographicOperations.FixedTimeEquals(await HashAsync(attemptId, passcode, cancellationToken), stored);

    private async Task<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // The first host to get here writes the key; every other host reads the one written.
            await using (var insert = new NpgsqlCommand(
                "insert into identity.secrets (name, protected, created_at) values (@name, @protected, @now) on conflict (name) do nothing",
                connection))
            {
                insert.Parameters.AddWithValue("name", KeyName);
                insert.Parameters.AddWithValue("protected", _protector.Protect(fresh));
                insert.Parameters.AddWithValue("now", clock.GetUtcNow());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var select = new NpgsqlCommand("select protected from identity.secrets where name = @name", connection);
            select.Parameters.AddWithValue("name", KeyName);
            var stored = (string)(await select.ExecuteScalarAsync(cancellationToken))!;
            _key = Convert.FromBase64String(_protector.Unprotect(stored));
            return _key;
        }
        finally
        {
            _loading.Release();
        }
    }
}
