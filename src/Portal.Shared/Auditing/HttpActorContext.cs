using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Portal.Shared.Auditing;

/// <summary>
/// Reads the actor from the request's authenticated principal. When nobody is signed in (and outside
/// a request, e.g. the command line) the fallback actor is used.
/// </summary>
internal sealed class HttpActorContext(IHttpContextAccessor accessor, FallbackActor fallback) : IActorContext
{
    public Actor Actor => FromPrincipal(accessor.HttpContext?.User) ?? fallback.Actor;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? fallback.ClientAddress;

    private static Actor? FromPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var kindText = user.FindFirstValue(PortalClaims.ActorKind);
        if (!Enum.TryParse<ActorKind>(kindText, ignoreCase: true, out var kind))
        {
            return null;
        }

        return new Actor(
            kind,
            Guid.TryParse(user.FindFirstValue(PortalClaims.Subject), out var id) ? id : null,
            user.FindFirstValue(PortalClaims.Label),
            user.FindFirstValue(PortalClaims.Role),
            Guid.TryParse(user.FindFirstValue(PortalClaims.ClinicId), out var clinicId) ? clinicId : null);
    }
}

/// <summary>The actor for work outside an HTTP request; the command line sets it to itself.</summary>
public sealed class FallbackActor
{
    public Actor Actor { get; set; } = Actor.Anonymous;

    public string? ClientAddress { get; set; }
}
