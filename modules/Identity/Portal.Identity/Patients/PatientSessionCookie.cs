using Microsoft.AspNetCore.Http;

namespace Portal.Identity.Patients;

/// <summary>
/// The patient session cookie (checklist C1): <c>__Host-</c> prefixed, so Secure, Path=/ and no
/// Domain; HttpOnly; SameSite=Lax so that a link in a notification opens the portal signed in.
/// With "Stay logged in" it outlives the browser for as long as the session may last; otherwise it
/// lasts as long as the browser session. The server decides when the session behind it ends.
/// </summary>
internal static class PatientSessionCookie
{
    public const string Name = "__Host-portal-patient";

    public static void Append(HttpResponse response, string token, DateTimeOffset? expires) =>
        response.Cookies.Append(Name, token, Options(expires));

    public static void Delete(HttpResponse response) => response.Cookies.Delete(Name, Options(null));

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var token) && token.Length is > 20 and < 100 ? token : null;

    private static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        Secure = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
        Expires = expires,
    };
}
