using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Portal.Appointments.Visits;

/// <summary>
/// Virtual-visit access codes (A6, V1, ADR 26): ten characters, case-sensitive, from an alphabet without look-alikes, from a
/// cryptographically secure generator, stored only as an HMAC-SHA256 bound to the visit's room under a key the application
/// makes at first use (kept in the database, encrypted with the Data Protection key ring, so every host shares it).
/// </summary>
internal sealed class VisitCodes(NpgsqlDataSource dataSource, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    /// <summary>
    /// 46 characters: capitals without I and O, small letters whose capital does not look the same (no c k o p s u v w x z)
    /// and without i and l, and digits without 0 and 1.
    /// </summary>
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabdefghjmnqrty23456789";

    public const int Length = 10;

    /// <summary>Wrong tries a code takes; the next try is refused even when right, until the code is re-sent.</summary>
    public const int MaxFailedAttempts = 5;

    private const string KeyName = "visit-code-hmac";

    private readonly IDataProtector _protector = protection.CreateProtector("Portal.Appointments.Secrets");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether <paramref name="code"/> could be a code at all (length and alphabet); anything else is simply wrong.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Length } && code.All(Alphabet.Contains);

    public void Dispose() => _loading.Dispose();

    public async Task<byte[]> HashAsync(Guid roomId, string code, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadKeyAsync(cancellationToken);
        // Bound to its room: the same characters for another visit give another hash.
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{roomId:N}:{code}"));
    }

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
                "insert into appointments.secrets (name, protected, created_at) values (@name, @protected, @now) on conflict (name) do nothing",
                connection))
            {
                insert.Parameters.AddWithValue("name", KeyName);
                insert.Parameters.AddWithValue("protected", _protector.Protect(fresh));
                insert.Parameters.AddWithValue("now", clock.GetUtcNow());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var select = new NpgsqlCommand("select protected from appointments.secrets where name = @name", connection);
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
