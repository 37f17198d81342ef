using Microsoft.AspNetCore.Authorization;
using Portal.Shared.Auditing;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Staff;

/// <summary>The signed-in person is staff of the clinic in the URL, in one of the given roles (checklists A2, A4).</summary>
internal sealed class ClinicStaffRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

internal sealed class ClinicStaffRequirementHandler(ClinicContext clinic) : AuthorizationHandler<ClinicStaffRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClinicStaffRequirement requirement)
    {
        var user = context.User;
        if (clinic.IsResolved
            && user.FindFirst(PortalClaims.ActorKind)?.Value == nameof(ActorKind.Staff)
            && user.FindFirst(PortalClaims.ClinicId)?.Value == clinic.ClinicId.ToString()
            && requirement.Roles.Contains(user.FindFirst(PortalClaims.Role)?.Value))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
