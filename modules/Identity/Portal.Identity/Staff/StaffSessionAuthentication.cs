using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Shared.Auditing;
using Portal.Shared.Results;

namespace Portal.Identity.Staff;

/// <summary>Authenticates staff and operators from the session cookie, against the sessions table on every request.</summary>
internal sealed class StaffSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffSessions sessions,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "staff-session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = StaffSessionCookie.Read(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await sessions.AuthenticateAsync(token, clock.GetUtcNow(), Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("The session has ended.");
        }

        List<Claim> claims =
        [
            new(PortalClaims.Subject, session.UserId.ToString()),
            new(PortalClaims.ActorKind, StaffActors.KindOf(session.Role).ToString()),
            new(PortalClaims.Role, session.Role),
            new(PortalClaims.SessionId, session.SessionId.ToString()),
            new(PortalClaims.Label, session.DisplayName),
        ];
        if (session.ClinicId is { } clinicId)
        {
            claims.Add(new Claim(PortalClaims.ClinicId, clinicId.ToString()));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, PortalClaims.Label, PortalClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Error.Unauthorized("sign_in_required", "Sign in to continue.").ToHttp().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Error.Forbidden("forbidden", "Your account may not do this.").ToHttp().ExecuteAsync(Context);
}
