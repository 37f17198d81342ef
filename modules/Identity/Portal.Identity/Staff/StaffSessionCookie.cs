using Microsoft.AspNetCore.Http;

namespace Portal.Identity.Staff;

/// <summary>
/// The staff session cookie (checklist C1): <c>__Host-</c> prefixed, so Secure, Path=/ and no
/// Domain; HttpOnly; SameSite=Strict. It lasts as long as the browser session; the server decides
/// when the session behind it ends.
/// </summary>
internal static class StaffSessionCookie
{
    public const string Name = "__Host-portal-staff";

    public static void Append(HttpResponse response, string token) => response.Cookies.Append(Name, token, Options());

    public static void Delete(HttpResponse response) => response.Cookies.Delete(Name, Options());

    public static string? Read(HttpRequest request) => request.Cookies.TryGetValue(Name, out var token) && token.Length is > 20 and < 100 ? token : null;

    private static CookieOptions Options() => new()
    {
        Secure = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
