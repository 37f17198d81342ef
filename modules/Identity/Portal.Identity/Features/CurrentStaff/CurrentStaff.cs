using System.Security.Claims;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Identity.Features.Sessions;
using Portal.Identity.Staff;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Security;

namespace Portal.Identity.Features.CurrentStaff;

/// <summary>
/// Whether anyone is signed in here. <see cref="SignedInElsewhere"/>: a staff session that this page
/// does not accept (another clinic's, or a clinic's on the operator console); the profile is then null.
/// </summary>
internal sealed record StaffSession(bool SignedIn, bool SignedInElsewhere, StaffProfile? Profile);

/// <summary>
/// Who is signed in. The admin app asks the session endpoints on load, to choose between its sign-in
/// page and the app: they answer 200 either way. The /me endpoints answer 401 without a session.
/// </summary>
internal sealed class CurrentStaffEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapClinicGroup("/staff")
            .MapGet("/me", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Staff")
            .WithName("CurrentStaff")
            .WithSummary("The signed-in staff member of this clinic.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        app.MapGet("/api/operator/me", Handle)
            .RequireAuthorization(Policies.Operator)
            .WithTags("Operator")
            .WithName("CurrentOperator")
            .WithSummary("The signed-in operator.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapClinicGroup("/staff")
            .MapGet("/session", (HttpContext context, IDbSession db, StaffSignInCompletion profiles) =>
                SessionAsync(context, Policies.ClinicMember, db, profiles))
            .AllowAnonymous()
            .WithTags("Staff")
            .WithName("GetStaffSession")
            .WithSummary("Whether a staff member of this clinic is signed in, and who; never 401.");

        app.MapGet("/api/operator/session", (HttpContext context, IDbSession db, StaffSignInCompletion profiles) =>
                SessionAsync(context, Policies.Operator, db, profiles))
            .AllowAnonymous()
            .WithTags("Operator")
            .WithName("GetOperatorSession")
            .WithSummary("Whether an operator is signed in, and who; never 401.");
    }

    private static async Task<Ok<StaffSession>> SessionAsync(HttpContext context, string policy, IDbSession db, StaffSignInCompletion profiles)
    {
        var state = await SessionCheck.EvaluateAsync(context, policy);
        if (state != SessionState.SignedIn)
        {
            return TypedResults.Ok(new StaffSession(false, state == SessionState.Elsewhere, null));
        }

        var profile = await ProfileAsync(context.User, db, profiles, context.RequestAborted);
        return TypedResults.Ok(new StaffSession(profile is not null, false, profile));
    }

    private static async Task<Results<Ok<StaffProfile>, ErrorHttpResult>> Handle(
        ClaimsPrincipal user, IDbSession db, StaffSignInCompletion profiles, CancellationToken cancellationToken)
    {
        var profile = await ProfileAsync(user, db, profiles, cancellationToken);
        return profile is null
            ? Error.NotFound("staff_not_found", "The account no longer exists.").ToHttp()
            : TypedResults.Ok(profile);
    }

    private static async Task<StaffProfile?> ProfileAsync(
        ClaimsPrincipal user, IDbSession db, StaffSignInCompletion profiles, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(user.FindFirstValue(PortalClaims.Subject)!);
        var row = await db.QuerySingleOrDefaultAsync<StaffUser>(
            $"select {StaffUser.Columns} from identity.staff_users where id = @id", new { id }, cancellationToken);
        return row is null ? null : await profiles.ProfileAsync(row, cancellationToken);
    }
}
