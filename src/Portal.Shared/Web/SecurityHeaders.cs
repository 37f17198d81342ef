using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Shared.Web;

/// <summary>The response headers every answer carries (checklist H1).</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The Hangfire Dashboard (<c>/admin/hangfire</c>) writes some of its layout in style attributes; it
    /// loads only its own scripts, so that path needs nothing more.
    /// </summary>
    public const string JobsDashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>A virtual visit's pages (<c>/{clinic}/visit/…</c>), loaded as whole pages, use this origin's camera and microphone.</summary>
    public const string VisitPermissionsPolicy = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()";

    /// <summary>One year, as the checklist asks at least.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var isDevelopment = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Jobs.JobsDashboardEndpoints.Path, StringComparison.OrdinalIgnoreCase)
                ? JobsDashboardContentSecurityPolicy
                : ContentSecurityPolicy;
            // Pages carry link tokens in their address later on: no page ever sends a Referer.
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = IsVisitPage(context.Request.Path) ? VisitPermissionsPolicy : PermissionsPolicy;
            if (!isDevelopment && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                // Health information must not linger in shared or browser caches.
                headers.CacheControl = "no-store";
            }

            return next(context);
        });
    }

    private static bool IsVisitPage(PathString path) =>
        path.Value is { } value && value.Split('/', 4) is ["", _, "visit", ..];
}
