using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Portal.Appointments.Features.MyAppointments;
using Portal.Appointments.Scheduling;
using Portal.Appointments.Visits;
using Portal.Shared;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Appointments.Features.Visits;

/// <summary>A virtual appointment's visit as its patient sees it.</summary>
/// <param name="CodeSentAt">When the latest access code went out; null before the first.</param>
/// <param name="CodeSendsAt">When the clinic sends the code (its set time before the start).</param>
/// <param name="OpensAt">From when the room admits the patient.</param>
/// <param name="ClosesAt">Until when it admits them.</param>
/// <param name="Link">The room's address, where the code is entered; null until a code went out.</param>
/// <param name="CanResend">A new code can be asked for now (the old one then stops working).</param>
internal sealed record MyVisitView(
    DateTimeOffset? CodeSentAt, DateTimeOffset CodeSendsAt, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string? Link, bool CanResend);

/// <summary>A virtual appointment's visit as the clinic's staff see it.</summary>
/// <param name="RoomId">The room, once a code went out; its provider joins it at <c>/{clinic}/visit/{roomId}</c>.</param>
/// <param name="Issue">How many codes went out (the scheduled one and re-sends).</param>
/// <param name="FailedAttempts">Wrong tries on the current code; at 5 it is locked until re-sent.</param>
internal sealed record StaffVisitView(
    Guid? RoomId, int Issue, DateTimeOffset? CodeSentAt, DateTimeOffset CodeSendsAt, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int FailedAttempts,
    bool Locked, bool CanResend);

internal sealed record GetMyVisitQuery(Guid PatientId, Guid Id) : IQuery<MyVisitView>;

internal sealed record ResendMyVisitCodeCommand(Guid PatientId, Guid Id) : ICommand<MyVisitView>;

internal sealed record GetStaffVisitQuery(Guid Id) : IQuery<StaffVisitView>;

internal sealed record ResendVisitCodeCommand(Guid Id) : ICommand<StaffVisitView>;

/// <summary>The visit of one of the clinic's virtual appointments, and the re-sending of its code, for its patient and for staff.</summary>
internal sealed class VisitCodeService(
    VisitAppointments appointments, VisitSettingsStore settings, VisitCodeIssuer issuer, ClinicContext clinic, IAuditLog audit, TimeProvider clock,
    IOptions<PortalOptions> portal)
{
    public async Task<(VisitAppointment Appointment, VisitSettings Settings)?> FindAsync(Guid id, bool forUpdate, CancellationToken cancellationToken) =>
        await appointments.FindAsync(clinic.ClinicId, id, forUpdate, cancellationToken) is { } found
            ? (found, await settings.GetAsync(clinic.ClinicId, cancellationToken))
            : null;

    public bool CanResend(VisitAppointment visit, VisitSettings rules) => visit.IsLive && clock.GetUtcNow() < rules.ClosesAt(visit.EndsAt);

    /// <summary>Sends a new code to the patient's preferred channel; the old code stops working.</summary>
    public async Task<Error?> ResendAsync(VisitAppointment visit, VisitSettings rules, string by, CancellationToken cancellationToken)
    {
        if (!CanResend(visit, rules))
        {
            return VisitErrors.CannotSend;
        }

        var issued = await issuer.IssueAsync(clinic.ClinicId, visit.Id, visit.StartsAt, resend: true, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.VisitCodeResent, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, visit.Id.ToString(), new { by, issue = issued!.Issue }),
            cancellationToken);
        return null;
    }

    public MyVisitView Mine(VisitAppointment visit, VisitSettings rules) =>
        new(visit.SentAt, visit.StartsAt.AddMinutes(-rules.CodeLeadMinutes), rules.OpensAt(visit.StartsAt), rules.ClosesAt(visit.EndsAt),
            visit.RoomId is { } room ? VisitCodeIssuer.RoomLink(portal.Value.PublicUrl, clinic.Clinic.Slug, room) : null, CanResend(visit, rules));

    public StaffVisitView Staff(VisitAppointment visit, VisitSettings rules) =>
        new(visit.RoomId, visit.Issue ?? 0, visit.SentAt, visit.StartsAt.AddMinutes(-rules.CodeLeadMinutes), rules.OpensAt(visit.StartsAt),
            rules.ClosesAt(visit.EndsAt), visit.FailedAttempts, visit.Locked, CanResend(visit, rules));
}

internal sealed class GetMyVisitHandler(VisitCodeService visits, MyAppointmentViews mine, TimeProvider clock) : IRequestHandler<GetMyVisitQuery, Result<MyVisitView>>
{
    public async Task<Result<MyVisitView>> Handle(GetMyVisitQuery request, CancellationToken cancellationToken)
    {
        // What the patient may see (their own, not hidden) is what they may ask about.
        if (await mine.FindAsync(request.PatientId, request.Id, clock.GetUtcNow(), cancellationToken) is null
            || await visits.FindAsync(request.Id, forUpdate: false, cancellationToken) is not { } found)
        {
            return VisitErrors.VisitNotFound;
        }

        return visits.Mine(found.Appointment, found.Settings);
    }
}

internal sealed class ResendMyVisitCodeHandler(VisitCodeService visits, MyAppointmentViews mine, TimeProvider clock)
    : IRequestHandler<ResendMyVisitCodeCommand, Result<MyVisitView>>
{
    public async Task<Result<MyVisitView>> Handle(ResendMyVisitCodeCommand request, CancellationToken cancellationToken)
    {
        if (await mine.FindAsync(request.PatientId, request.Id, clock.GetUtcNow(), cancellationToken) is null
            || await visits.FindAsync(request.Id, forUpdate: true, cancellationToken) is not { } found)
        {
            return VisitErrors.VisitNotFound;
        }

        if (await visits.ResendAsync(found.Appointment, found.Settings, "patient", cancellationToken) is { } refused)
        {
            return refused;
        }

        var after = (await visits.FindAsync(request.Id, forUpdate: false, cancellationToken))!.Value;
        return visits.Mine(after.Appointment, after.Settings);
    }
}

internal sealed class GetStaffVisitHandler(VisitCodeService visits) : IRequestHandler<GetStaffVisitQuery, Result<StaffVisitView>>
{
    public async Task<Result<StaffVisitView>> Handle(GetStaffVisitQuery request, CancellationToken cancellationToken) =>
        await visits.FindAsync(request.Id, forUpdate: false, cancellationToken) is { } found
            ? visits.Staff(found.Appointment, found.Settings)
            : VisitErrors.VisitNotFound;
}

internal sealed class ResendVisitCodeHandler(VisitCodeService visits) : IRequestHandler<ResendVisitCodeCommand, Result<StaffVisitView>>
{
    public async Task<Result<StaffVisitView>> Handle(ResendVisitCodeCommand request, CancellationToken cancellationToken)
    {
        if (await visits.FindAsync(request.Id, forUpdate: true, cancellationToken) is not { } found)
        {
            return VisitErrors.VisitNotFound;
        }

        if (await visits.ResendAsync(found.Appointment, found.Settings, "staff", cancellationToken) is { } refused)
        {
            return refused;
        }

        var after = (await visits.FindAsync(request.Id, forUpdate: false, cancellationToken))!.Value;
        return visits.Staff(after.Appointment, after.Settings);
    }
}

internal sealed class VisitCodeEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var mine = app.MapMyAppointments();
        mine.MapGet("/{id:guid}/visit", async Task<Results<Ok<MyVisitView>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetMyVisitQuery(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetMyVisit")
            .WithSummary("The virtual visit of one of the signed-in patient's appointments: when its code goes out, when its room opens and closes, its link.")
            .WithDescription("The signed-in patient of the clinic. Another patient's appointment, a hidden one, or one that is not virtual is 404 visit_not_found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        mine.MapPost("/{id:guid}/visit/code", async Task<Results<Ok<MyVisitView>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ResendMyVisitCodeCommand(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ResendMyVisitCode")
            .WithSummary("Sends a new access code for the visit to the patient's preferred channel; the code sent before stops working.")
            .WithDescription("The signed-in patient of the clinic, until the visit's room closes. 404 visit_not_found as for reading it; 409 " +
                "visit_code_not_sendable once the visit has ended or was cancelled.")
            .RequireRateLimiting(RateLimitPolicies.AccountChanges)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status429TooManyRequests);

        var staff = app.MapStaffAppointments();
        staff.MapGet("/{id:guid}/visit", async Task<Results<Ok<StaffVisitView>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetStaffVisitQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetStaffVisit")
            .WithSummary("The virtual visit of one of the clinic's appointments: its room, its codes sent, wrong tries and lock, when its room opens and closes.")
            .WithDescription("Any staff member of the clinic. An appointment of another clinic, or one that is not virtual, is 404 visit_not_found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        staff.MapPost("/{id:guid}/visit/code", async Task<Results<Ok<StaffVisitView>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ResendVisitCodeCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ResendVisitCode")
            .WithSummary("Sends the patient a new access code for the visit, to their preferred channel; the code sent before stops working and the lock ends.")
            .WithDescription("Any staff member of the clinic (the receptionist the patient calls), until the visit's room closes. 404 visit_not_found; 409 " +
                "visit_code_not_sendable once the visit has ended or was cancelled.")
            .RequireRateLimiting(RateLimitPolicies.AccountChanges)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status429TooManyRequests);
    }
}
