using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Billing;

/// <summary>The doors into Billing: the clinic's staff, its managers (the price list), the signed-in patient, and Stripe.</summary>
internal static class BillingRoutes
{
    /// <summary><c>/api/clinics/{clinic}/billing{path}</c>, for any staff member of the clinic.</summary>
    public static RouteGroupBuilder MapStaffBilling(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/billing" + path).RequireAuthorization(Policies.ClinicMember).WithTags("Billing");

    /// <summary><c>/api/clinics/{clinic}/billing{path}</c>, for the clinic's owners and admins.</summary>
    public static RouteGroupBuilder MapBillingSetup(this IEndpointRouteBuilder app, string path = "") =>
        app.MapClinicGroup("/billing" + path).RequireAuthorization(Policies.ClinicManager).WithTags("Billing");

    /// <summary><c>/api/clinics/{clinic}/portal/bills</c>, for the signed-in patient of that clinic only, while billing is on (S5).</summary>
    public static RouteGroupBuilder MapMyBills(this IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/bills").RequireAuthorization(Policies.ClinicPatient).WithTags("Portal");

    public static string StaffInvoice(ClinicContext clinic, Guid id) => $"/api/clinics/{clinic.Clinic.Slug}/billing/invoices/{id}";

    public static string Service(ClinicContext clinic, Guid id) => $"/api/clinics/{clinic.Clinic.Slug}/billing/services/{id}";

    /// <summary>Where Stripe sends a clinic's events; the clinic sets this address as its webhook endpoint in Stripe.</summary>
    public const string WebhookPath = "/api/clinics/{clinic}/billing/stripe/webhook";
}
