using System.Security.Claims;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Identity.Staff;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Security;

namespace Portal.Identity.Features.CurrentStaff;

/// <summary>Who is signed in: the admin app asks on load to choose between its sign-in page and the app.</summary>
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
    }

    private static async Task<Results<Ok<StaffProfile>, ErrorHttpResult>> Handle(
        ClaimsPrincipal user, IDbSession db, StaffSignInCompletion profiles, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(user.FindFirstValue(PortalClaims.Subject)!);
        var row = await db.QuerySingleOrDefaultAsync<StaffUser>(
            $"select {StaffUser.Columns} from identity.staff_users where id = @id", new { id }, cancellationToken);
        return row is null
            ? Error.NotFound("staff_not_found", "The account no longer exists.").ToHttp()
            : TypedResults.Ok(await profiles.ProfileAsync(row, cancellationToken));
    }
}
