using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Shared.Auditing;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Patients;

/// <summary>Authenticates patients from their session cookie, against the sessions table on every request.</summary>
internal sealed class PatientSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PatientSessions sessions,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "patient-session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = PatientSessionCookie.Read(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await sessions.AuthenticateAsync(token, clock.GetUtcNow(), Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("The session has ended.");
        }

        Claim[] claims =
        [
            new(PortalClaims.Subject, session.PatientId.ToString()),
            new(PortalClaims.ActorKind, nameof(ActorKind.Patient)),
            new(PortalClaims.ClinicId, session.ClinicId.ToString()),
            new(PortalClaims.SessionId, session.SessionId.ToString()),
            new(PortalClaims.Label, "patient"),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, PortalClaims.Label, PortalClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    // Another clinic's session is not a session here (A2): both answers say "sign in".
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => NotSignedIn(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => NotSignedIn(Context);

    private static Task NotSignedIn(Microsoft.AspNetCore.Http.HttpContext context) =>
        Error.Unauthorized("not_signed_in", "Sign in to the portal to continue.").ToHttp().ExecuteAsync(context);
}

/// <summary>The signed-in person is a patient of the clinic in the URL (checklist A2).</summary>
internal sealed class ClinicPatientRequirement : IAuthorizationRequirement;

internal sealed class ClinicPatientRequirementHandler(ClinicContext clinic) : AuthorizationHandler<ClinicPatientRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClinicPatientRequirement requirement)
    {
        var user = context.User;
        if (clinic.IsResolved
            && user.FindFirst(PortalClaims.ActorKind)?.Value == nameof(ActorKind.Patient)
            && user.FindFirst(PortalClaims.ClinicId)?.Value == clinic.ClinicId.ToString())
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The signed-in patient, from the request's claims.</summary>
internal static class PatientClaims
{
    public static Guid PatientId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(PortalClaims.Subject)!);

    public static Guid SessionId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(PortalClaims.SessionId)!);
}
