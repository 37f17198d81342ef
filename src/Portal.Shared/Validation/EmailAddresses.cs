using System.Text.RegularExpressions;

namespace Portal.Shared.Validation;

/// <summary>
/// Email addresses as Portal stores and compares them: trimmed and lower-cased, so that sign-in
/// matches them exactly. Deliberately permissive on the local part; the mailbox proves the rest.
/// </summary>
public static partial class EmailAddresses
{
    public const int MaxLength = 254;

    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static bool IsValid(string? email) =>
        email is not null && email.Length <= MaxLength && Pattern().IsMatch(email.Trim());

    [GeneratedRegex(@"^[^@\s<>()\[\],;:""]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
