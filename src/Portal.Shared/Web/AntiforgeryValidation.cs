using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Results;

namespace Portal.Shared.Web;

/// <summary>
/// Checklist C5: every state-changing request, JSON included, must carry the antiforgery header
/// that matches the antiforgery cookie. ASP.NET Core checks form posts only; this checks everything
/// but endpoints that opt out with <c>DisableAntiforgery()</c> (signed callbacks from Stripe and Twilio).
/// It runs before authentication, so tokens are not bound to who is signed in and stay valid across sign-in.
/// </summary>
public static class AntiforgeryValidation
{
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>
    /// On an https site the cookie is <c>__Host-</c> prefixed and Secure. ASP.NET Core refuses a
    /// Secure-only antiforgery cookie on plain http, which the embedded default uses on loopback,
    /// so there it is request-secure and unprefixed. It only pairs with the header token; the
    /// session cookie is <c>__Host-</c> and Secure everywhere.
    /// </summary>
    public static void Configure(AntiforgeryOptions antiforgery, Uri publicUrl)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(publicUrl);
        var https = publicUrl.Scheme == Uri.UriSchemeHttps;
        antiforgery.HeaderName = HeaderName;
        antiforgery.Cookie.Name = https ? "__Host-portal-af" : "portal-af";
        antiforgery.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        antiforgery.Cookie.HttpOnly = true;
        antiforgery.Cookie.Path = "/";
    }

    public static IApplicationBuilder UseAntiforgeryValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsSafe(context.Request.Method)
                || context.GetEndpoint() is not { } endpoint
                || endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false })
            {
                await next(context);
                return;
            }

            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await new ErrorHttpResult(Error.Validation(
                    "antiforgery_failed",
                    $"The request has no valid antiforgery token. Get one from GET /api/antiforgery and send it in the {HeaderName} header."))
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary><c>GET /api/antiforgery</c>: sets the cookie half and returns the header half of the token pair.</summary>
    public static IEndpointRouteBuilder MapAntiforgeryToken(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.RequestToken!, HeaderName));
            })
            .WithTags("Platform")
            .WithName("GetAntiforgeryToken")
            .WithSummary("Issues an antiforgery token for state-changing requests.");
        return app;
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}

public sealed record AntiforgeryTokenResponse(string Token, string HeaderName);
