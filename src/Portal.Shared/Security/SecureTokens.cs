using System.Security.Cryptography;

namespace Portal.Shared.Security;

/// <summary>
/// Random bearer tokens (session cookies, setup and link tokens). Only their SHA-256 is stored, so
/// a copy of the database does not hand out working tokens. They carry enough entropy that an
/// unkeyed hash is sufficient; short secrets such as passcodes need a keyed hash instead.
/// </summary>
public static class SecureTokens
{
    /// <summary>A URL-safe token of <paramref name="bytes"/> random bytes (32 bytes = 256 bits by default).</summary>
    public static string Create(int bytes = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 16);
        return Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
    }

    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
