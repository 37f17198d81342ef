using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Appointments;

/// <summary>The doors into Appointments: the clinic's staff (managers change the set-up), and the signed-in patient.</summary>
internal static class AppointmentsRoutes
{
    /// <summary><c>/api/clinics/{clinic}/appointments{path}</c>, readable by any staff member of the clinic.</summary>
    public static RouteGroupBuilder MapStaffAppointments(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/appointments" + path).RequireAuthorization(Policies.ClinicMember).WithTags("Appointments");

    /// <summary><c>/api/clinics/{clinic}/appointments{path}</c>, for the clinic's owners and admins, who set the clinic up.</summary>
    public static RouteGroupBuilder MapAppointmentsSetup(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/appointments" + path).RequireAuthorization(Policies.ClinicManager).WithTags("Appointments");

    /// <summary><c>/api/clinics/{clinic}/portal/appointments</c>, for the signed-in patient of that clinic only.</summary>
    public static RouteGroupBuilder MapMyAppointments(this IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/appointments").RequireAuthorization(Policies.ClinicPatient).WithTags("Portal");
}
