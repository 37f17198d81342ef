using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Identity.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Results;

namespace Portal.Identity.Staff;

/// <summary>How a staff account appears as an actor: in claims, in the audit log, in responses.</summary>
internal static class StaffActors
{
    public static ActorKind KindOf(string role) => role == StaffRoles.Operator ? ActorKind.Operator : ActorKind.Staff;

    public static Actor Of(Guid userId, string displayName, string role, Guid? clinicId) =>
        new(KindOf(role), userId, displayName, role, clinicId);

    public static Actor Of(StaffUser user) => Of(user.Id, user.DisplayName, user.Role, user.ClinicId);

    /// <summary>A sign-in result as HTTP: on success the session cookie is set and the profile returned.</summary>
    public static Results<Ok<StaffProfile>, ErrorHttpResult> ToSignInResponse(this Result<StaffSignedIn> result, HttpResponse response) =>
        result.ToHttp(signedIn =>
        {
            StaffSessionCookie.Append(response, signedIn.SessionToken);
            return TypedResults.Ok(signedIn.Profile);
        });
}
