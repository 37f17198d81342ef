using System.Text.RegularExpressions;

namespace Portal.Shared.Tenancy;

/// <summary>The rules for a clinic's address: <c>https://portal.example/{slug}/</c>.</summary>
public static partial class ClinicSlug
{
    /// <summary>First path segments the host itself uses; no clinic may take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "api", "assets", "health", "openapi", "static", "favicon.ico", "robots.txt", "index.html",
        "portal.html", "admin.html", "operator", "setup", "login", "logout",
    };

    public const string Rule = "2 to 40 characters: lower-case letters, digits and hyphens, starting and ending with a letter or digit.";

    /// <summary>The slug's shape as a regular expression, for route constraints and the OpenAPI document.</summary>
    public const string PatternText = "^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$";

    public static bool IsValid(string? slug) =>
        slug is not null && Pattern().IsMatch(slug) && !Reserved.Contains(slug);

    [GeneratedRegex(PatternText, RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
