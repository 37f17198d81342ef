using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Portal.Shared.Security;

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

    private readonly StoredHmacKey _key = new(
        dataSource, protection.CreateProtector("Portal.Appointments.Secrets"), clock, "appointments.secrets", KeyName);

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether <paramref name="code"/> could be a code at all (length and alphabet); anything else is simply wrong.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Length } && code.All(Alphabet.Contains);

    public void Dispose() => _key.Dispose();

    /// <summary>Bound to its room: the same characters for another visit give another hash.</summary>
    public Task<byte[]> HashAsync(Guid roomId, string code, CancellationToken cancellationToken) => _key.HashAsync(roomId, code, cancellationToken);
}
