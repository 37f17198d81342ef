using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Messaging.Features.MyMessages;
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

/// <summary>Where what a request made is read again: the Location of Messaging's 201 and 202 answers.</summary>
internal static class MessagingLocations
{
    public static string StaffConversation(ClinicContext clinic, Guid id) => $"/api/clinics/{clinic.Clinic.Slug}/messaging/conversations/{id}";

    public static string Draft(ClinicContext clinic, Guid id) => $"/api/clinics/{clinic.Clinic.Slug}/messaging/drafts/{id}";

    public static string Bulk(ClinicContext clinic, Guid id) => $"/api/clinics/{clinic.Clinic.Slug}/messaging/bulk/{id}";

    public static string MyConversation(ClinicContext clinic, Guid id) => $"/api/clinics/{clinic.Clinic.Slug}/portal/messages/{id}";

    /// <summary>201 with the conversation staff just started or added to, at its staff address.</summary>
    public static Created<StaffConversationView> CreatedConversation(this ClinicContext clinic, StaffConversationView view) =>
        TypedResults.Created(StaffConversation(clinic, view.Id), view);

    /// <summary>201 with the conversation the signed-in patient just added to, at the patient's address.</summary>
    public static Created<MyConversation> CreatedMyConversation(this ClinicContext clinic, MyConversation view) =>
        TypedResults.Created(MyConversation(clinic, view.Id), view);
}
