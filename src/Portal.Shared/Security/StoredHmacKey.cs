using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Portal.Shared.Security;

/// <summary>
/// HMAC-SHA256 of short secrets a person types (passcodes, access codes), each bound to what it opens, under a 32-byte key the
/// application makes at first use. The key is kept in a module's secrets table (<c>name, protected, created_at</c>), encrypted
/// with the Data Protection key ring: every host shares it, and a copy of the database alone cannot test guesses.
/// </summary>
/// <param name="secretsTable">The module's table, schema-qualified; a code constant, never input.</param>
/// <param name="keyName">The key's row in that table.</param>
public sealed class StoredHmacKey(
    NpgsqlDataSource dataSource, IDataProtector protector, TimeProvider clock, string secretsTable, string keyName) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <summary>The hash of <paramref name="secret"/> bound to <paramref name="boundTo"/>: the same characters for another id hash otherwise.</summary>
    public async Task<byte[]> HashAsync(Guid boundTo, string secret, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadKeyAsync(cancellationToken);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{boundTo:N}:{secret}"));
    }

    public void Dispose() => _loading.Dispose();

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
                $"insert into {secretsTable} (name, protected, created_at) values (@name, @protected, @now) on conflict (name) do nothing",
                connection))
            {
                insert.Parameters.AddWithValue("name", keyName);
                insert.Parameters.AddWithValue("protected", protector.Protect(fresh));
                insert.Parameters.AddWithValue("now", clock.GetUtcNow());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var select = new NpgsqlCommand($"select protected from {secretsTable} where name = @name", connection);
            select.Parameters.AddWithValue("name", keyName);
            var stored = (string)(await select.ExecuteScalarAsync(cancellationToken))!;
            _key = Convert.FromBase64String(protector.Unprotect(stored));
            return _key;
        }
        finally
        {
            _loading.Release();
        }
    }
}
