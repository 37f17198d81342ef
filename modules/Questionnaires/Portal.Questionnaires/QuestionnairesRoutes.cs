using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Questionnaires;

/// <summary>The doors into Questionnaires: the clinic's staff (managers change the library), and the signed-in patient.</summary>
internal static class QuestionnairesRoutes
{
    /// <summary><c>/api/clinics/{clinic}/questionnaires{path}</c>, readable by any staff member of the clinic.</summary>
    public static RouteGroupBuilder MapStaffQuestionnaires(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/questionnaires" + path).RequireAuthorization(Policies.ClinicMember).WithTags("Questionnaires");

    /// <summary><c>/api/clinics/{clinic}/questionnaires{path}</c>, for the clinic's owners and admins.</summary>
    public static RouteGroupBuilder MapQuestionnairesSetup(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/questionnaires" + path).RequireAuthorization(Policies.ClinicManager).WithTags("Questionnaires");

    /// <summary><c>/api/clinics/{clinic}/portal/questionnaires</c>, for the signed-in patient of that clinic only.</summary>
    public static RouteGroupBuilder MapMyQuestionnaires(this IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/questionnaires").RequireAuthorization(Policies.ClinicPatient).WithTags("Portal");
}
