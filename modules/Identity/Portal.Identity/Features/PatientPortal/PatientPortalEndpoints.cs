using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Features.Sessions;
using Portal.Identity.Patients;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Features.PatientPortal;

/// <summary>The signed-in patient's home page: who they are and the sections the portal has for them.</summary>
internal sealed record PatientHome(string DisplayName, string Language, IReadOnlyList<string> Sections);

/// <summary>Whether a patient of this clinic is signed in; their home page when they are.</summary>
internal sealed record PatientPortalSession(bool SignedIn, PatientHome? Patient);

internal sealed record PatientSessionList(IReadOnlyList<PatientSessionView> Items);

/// <summary>
/// The signed-in patient's own endpoints: the home page, signing out, and their sessions (I5, ASVS
/// 7.5.2: see the active sessions and end the others). Each answers only for the clinic in the URL.
/// </summary>
internal sealed class PatientPortalEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var portal = app.MapClinicGroup("/portal").WithTags("Portal");

        portal.MapGet("/me", Home)
            .RequireAuthorization(Policies.ClinicPatient)
            .WithName("GetPatientHome")
            .WithSummary("The signed-in patient's name, language and the portal's sections.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        // The portal asks on load: a signed-out visitor gets 200, not a 401 that the browser logs as an error.
        portal.MapGet("/session", Session)
            .AllowAnonymous()
            .WithName("GetPatientSession")
            .WithSummary("Whether a patient of this clinic is signed in, with their home page when they are; never 401.");

        portal.MapPost("/sign-out", SignOut)
            .RequireAuthorization(Policies.ClinicPatient)
            .WithName("PatientSignOut")
            .WithSummary("Ends the patient's session at once and clears its cookie.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        portal.MapGet("/me/sessions", Sessions)
            .RequireAuthorization(Policies.ClinicPatient)
            .WithName("ListPatientSessions")
            .WithSummary("The signed-in patient's active sessions, the current one marked.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        portal.MapDelete("/me/sessions/{sessionId:guid}", EndSession)
            .RequireAuthorization(Policies.ClinicPatient)
            .WithName("EndPatientSession")
            .WithSummary("Ends one of the signed-in patient's sessions; ending the current one signs out.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PatientHome>, ErrorHttpResult>> Home(
        HttpContext context, ClinicContext clinic, IPatientDirectory patients, IPortalSettings settings, IAuditLog audit)
    {
        var home = await HomeAsync(context, clinic, patients, settings, audit);
        return home is null ? NotSignedIn() : TypedResults.Ok(home);
    }

    private static async Task<Ok<PatientPortalSession>> Session(
        HttpContext context, ClinicContext clinic, IPatientDirectory patients, IPortalSettings settings, IAuditLog audit)
    {
        var home = await SessionCheck.EvaluateAsync(context, Policies.ClinicPatient) == SessionState.SignedIn
            ? await HomeAsync(context, clinic, patients, settings, audit)
            : null;
        return TypedResults.Ok(new PatientPortalSession(home is not null, home));
    }

    private static async Task<PatientHome?> HomeAsync(
        HttpContext context, ClinicContext clinic, IPatientDirectory patients, IPortalSettings settings, IAuditLog audit)
    {
        var patientId = PatientClaims.PatientId(context.User);
        var details = await patients.GetContactDetailsAsync(clinic.ClinicId, patientId, context.RequestAborted);
        if (details is null)
        {
            return null;
        }

        var portal = await settings.GetAsync(clinic.ClinicId, context.RequestAborted);
        List<string> sections = ["messages", "appointments"];
        if (portal is { BillingEnabled: true })
        {
            sections.Add("bills");
        }

        await audit.RecordAsync(new AuditEvent("portal.home.viewed", clinic.ClinicId, "patient", patientId.ToString()), context.RequestAborted);
        return new PatientHome(details.DisplayName, details.Language, sections);
    }

    private static async Task<NoContent> SignOut(HttpContext context, PatientSessions sessions, IAuditLog audit, ClinicContext clinic, TimeProvider clock)
    {
        var patientId = PatientClaims.PatientId(context.User);
        await sessions.EndAsync(patientId, PatientClaims.SessionId(context.User), "signed_out", clock.GetUtcNow(), context.RequestAborted);
        await audit.RecordAsync(new AuditEvent("identity.patient.signed_out", clinic.ClinicId, "patient", patientId.ToString()), context.RequestAborted);
        PatientSessionCookie.Delete(context.Response);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PatientSessionList>> Sessions(HttpContext context, ClinicContext clinic, PatientSessions sessions, TimeProvider clock) =>
        TypedResults.Ok(new PatientSessionList(await sessions.ListAsync(
            clinic.ClinicId, PatientClaims.PatientId(context.User), PatientClaims.SessionId(context.User), clock.GetUtcNow(), context.RequestAborted)));

    private static async Task<Results<NoContent, ErrorHttpResult>> EndSession(
        Guid sessionId, HttpContext context, ClinicContext clinic, PatientSessions sessions, IAuditLog audit, TimeProvider clock)
    {
        var patientId = PatientClaims.PatientId(context.User);
        var current = sessionId == PatientClaims.SessionId(context.User);
        if (!await sessions.EndAsync(patientId, sessionId, current ? "signed_out" : "ended_by_patient", clock.GetUtcNow(), context.RequestAborted))
        {
            return Error.NotFound("session_not_found", "You have no such active session.").ToHttp();
        }

        await audit.RecordAsync(
            new AuditEvent("identity.patient.session_ended", clinic.ClinicId, "patient", patientId.ToString(), new { sessionId, current }),
            context.RequestAborted);
        if (current)
        {
            PatientSessionCookie.Delete(context.Response);
        }

        return TypedResults.NoContent();
    }

    private static ErrorHttpResult NotSignedIn() => Error.Unauthorized("not_signed_in", "Sign in to the portal to continue.").ToHttp();
}
