using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging;

/// <summary>The two doors into Messaging: the clinic's staff, and the signed-in patient.</summary>
internal static class MessagingRoutes
{
    /// <summary><c>/api/clinics/{clinic}/messaging{path}</c>, for the clinic's staff only.</summary>
    public static RouteGroupBuilder MapStaffMessaging(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/messaging" + path).RequireAuthorization(Policies.ClinicMember).WithTags("Messaging");

    /// <summary><c>/api/clinics/{clinic}/portal/messages</c>, for the signed-in patient of that clinic only.</summary>
    public static RouteGroupBuilder MapMyMessages(this IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/messages").RequireAuthorization(Policies.ClinicPatient).WithTags("Portal");
}
