using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Staff;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Identity.Features.StaffSignOut;

/// <summary>Ends the staff session at once (checklist C2): the old cookie is refused from then on, on every host.</summary>
internal sealed class StaffSignOutEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/sign-out", Handle)
            .AllowAnonymous()
            .WithTags("Staff")
            .WithName("StaffSignOut")
            .WithSummary("Ends the current staff or operator session and clears its cookie.");

    private static async Task<NoContent> Handle(
        HttpContext context, StaffSessions sessions, IDbSession db, IAuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var token = StaffSessionCookie.Read(context.Request);
        if (token is not null)
        {
            var now = clock.GetUtcNow();
            var session = await sessions.AuthenticateAsync(token, now, cancellationToken);
            if (session is not null)
            {
                await db.BeginTransactionAsync(cancellationToken);
                await sessions.EndAsync(session.SessionId, "signed_out", now, cancellationToken);
                await audit.RecordAsync(
                    new AuditEvent("identity.staff.signed_out", session.ClinicId, "staff_user", session.UserId.ToString(), new { session.SessionId })
                    {
                        Actor = StaffActors.Of(session.UserId, session.DisplayName, session.Role, session.ClinicId),
                    },
                    cancellationToken);
                await db.CommitAsync(cancellationToken);
            }
        }

        StaffSessionCookie.Delete(context.Response);
        return TypedResults.NoContent();
    }
}
