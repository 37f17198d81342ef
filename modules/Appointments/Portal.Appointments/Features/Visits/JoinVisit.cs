using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Appointments.Visits;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Appointments.Features.Visits;

/// <summary>An admission to a visit's room: the ticket its signalling connection presents, and what the page shows.</summary>
/// <param name="Ticket">For the signalling hub (<c>/api/visits/signal?ticket=…</c>); it works until the room closes.</param>
/// <param name="Role">patient or provider.</param>
/// <param name="IceServers">STUN and TURN servers for the browser's RTCPeerConnection; TURN credentials expire with the room at the latest.</param>
internal sealed record VisitEntryView(
    string Ticket, string Role, string ProviderName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ClosesAt, IReadOnlyList<IceServer> IceServers);

/// <param name="Code">The access code sent to the patient: case-sensitive.</param>
internal sealed record JoinVisitBody(string Code);

internal sealed record JoinVisitByCodeCommand(Guid RoomId, string Code) : IRequest<Result<VisitEntryView>>;

internal sealed record JoinVisitAsProviderCommand(Guid AppointmentId) : IRequest<Result<VisitEntryView>>;

internal sealed class JoinVisitByCodeValidator : AbstractValidator<JoinVisitByCodeCommand>
{
    public JoinVisitByCodeValidator() => RuleFor(x => x.Code).NotEmpty().MaximumLength(64);
}

/// <summary>
/// V1: the room admits the appointment's patient by the code (five wrong tries lock it until re-sent) and the appointment's
/// provider by their staff session, only from the clinic's time before the start until its time after the end; a second
/// browser with the code is refused while the patient is in. Every admission and every refusal of a code is audited.
/// </summary>
internal sealed class VisitAdmission(
    IDbSession db, VisitAppointments appointments, VisitSettingsStore settings, VisitCodes codes, VisitTickets tickets, VisitRooms rooms,
    IceServers ice, ClinicContext clinic, IActorContext actor, IAuditLog audit, TimeProvider clock)
{
    public async Task<Result<VisitEntryView>> ByCodeAsync(Guid roomId, string code, CancellationToken cancellationToken)
    {
        if (await appointments.FindByRoomAsync(clinic.ClinicId, roomId, cancellationToken) is not { } visit)
        {
            return VisitErrors.VisitNotFound;
        }

        var patient = new Actor(ActorKind.Patient, visit.PatientId, null, null, clinic.ClinicId);
        var rules = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        if (WindowRefusal(visit, rules) is { } outside)
        {
            return outside;
        }

        if (!VisitCodes.IsWellFormed(code))
        {
            // It can never be right, so it costs no try: the format is no secret.
            return VisitErrors.WrongCode;
        }

        var hash = await codes.HashAsync(roomId, code, cancellationToken);
        // One statement decides and counts, so hosts trying at once cannot get past five wrong tries between them.
        var tried = await db.QuerySingleOrDefaultAsync<CodeTry>(
            """
            update appointments.visit_codes
            set failed_attempts = case when code_hash = @hash then failed_attempts else failed_attempts + 1 end
            where clinic_id = @ClinicId and room_id = @roomId and failed_attempts < @max
            returning code_hash = @hash as matched, failed_attempts, issue
            """,
            new { clinic.ClinicId, roomId, hash, max = VisitCodes.MaxFailedAttempts },
            cancellationToken);
        if (tried is not { Matched: true })
        {
            var failed = tried?.FailedAttempts ?? VisitCodes.MaxFailedAttempts;
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.VisitCodeRefused, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, visit.Id.ToString(),
                    new { failedAttempts = failed, locked = failed >= VisitCodes.MaxFailedAttempts, wasLocked = tried is null })
                {
                    Actor = Actor.Anonymous,
                },
                cancellationToken);
            return failed >= VisitCodes.MaxFailedAttempts ? VisitErrors.CodeLocked : VisitErrors.WrongCode;
        }

        var entryId = Guid.NewGuid();
        if (rooms.IsTakenByAnother(visit.Id, VisitTicket.Patient, entryId))
        {
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.VisitRefused, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, visit.Id.ToString(), new { role = VisitTicket.Patient, reason = "patient_present" })
                {
                    Actor = patient,
                },
                cancellationToken);
            return VisitErrors.PatientAlreadyIn;
        }

        return await AdmitAsync(visit, rules, VisitTicket.Patient, visit.PatientId, entryId, tried.Issue, patient, cancellationToken);
    }

    public async Task<Result<VisitEntryView>> AsProviderAsync(Guid appointmentId, CancellationToken cancellationToken)
    {
        if (await appointments.FindAsync(clinic.ClinicId, appointmentId, forUpdate: false, cancellationToken) is not { } visit)
        {
            return VisitErrors.VisitNotFound;
        }

        var staff = actor.Actor;
        if (staff.Kind != ActorKind.Staff || staff.Id is not { } staffId || visit.ProviderStaffAccountId != staffId)
        {
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.VisitRefused, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, visit.Id.ToString(), new { role = VisitTicket.Provider, reason = "not_provider" }),
                cancellationToken);
            return VisitErrors.NotTheProvider;
        }

        var rules = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        if (WindowRefusal(visit, rules) is { } outside)
        {
            return outside;
        }

        return await AdmitAsync(visit, rules, VisitTicket.Provider, staffId, Guid.NewGuid(), 0, staff, cancellationToken);
    }

    private Error? WindowRefusal(VisitAppointment visit, VisitSettings rules)
    {
        var now = clock.GetUtcNow();
        if (!visit.IsLive || now >= rules.ClosesAt(visit.EndsAt))
        {
            return VisitErrors.Closed;
        }

        return now < rules.OpensAt(visit.StartsAt) ? VisitErrors.NotOpenYet : null;
    }

    private async Task<Result<VisitEntryView>> AdmitAsync(
        VisitAppointment visit, VisitSettings rules, string role, Guid participantId, Guid entryId, int issue, Actor who, CancellationToken cancellationToken)
    {
        var closesAt = rules.ClosesAt(visit.EndsAt);
        var ticket = tickets.Issue(new VisitTicket(clinic.ClinicId, visit.Id, visit.RoomId ?? Guid.Empty, role, participantId, entryId, issue, closesAt));
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.VisitAdmitted, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, visit.Id.ToString(), new { role, entry = entryId }) { Actor = who },
            cancellationToken);
        var provider = visit.ProviderTitle is { } title ? $"{visit.ProviderName}, {title}" : visit.ProviderName;
        return new VisitEntryView(ticket, role, provider, visit.StartsAt, visit.EndsAt, closesAt, ice.For(participantId, closesAt));
    }

    private sealed record CodeTry(bool Matched, int FailedAttempts, int Issue);
}

internal sealed class JoinVisitByCodeHandler(VisitAdmission admission) : IRequestHandler<JoinVisitByCodeCommand, Result<VisitEntryView>>
{
    public Task<Result<VisitEntryView>> Handle(JoinVisitByCodeCommand request, CancellationToken cancellationToken) =>
        admission.ByCodeAsync(request.RoomId, request.Code, cancellationToken);
}

internal sealed class JoinVisitAsProviderHandler(VisitAdmission admission) : IRequestHandler<JoinVisitAsProviderCommand, Result<VisitEntryView>>
{
    public Task<Result<VisitEntryView>> Handle(JoinVisitAsProviderCommand request, CancellationToken cancellationToken) =>
        admission.AsProviderAsync(request.AppointmentId, cancellationToken);
}

internal sealed class JoinVisitEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapClinicGroup("/visits").WithTags("Portal")
            .MapPost("/{room:guid}/join", async Task<Results<Ok<VisitEntryView>, ErrorHttpResult>> (
                    Guid room, JoinVisitBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new JoinVisitByCodeCommand(room, body.Code), cancellationToken)).ToHttp(TypedResults.Ok))
            .AllowAnonymous()
            .WithName("JoinVisitByCode")
            .ValidatedAs<JoinVisitByCodeCommand>()
            .WithSummary("Admits the appointment's patient to the visit's room by the access code sent to them (case-sensitive), and hands out the signalling ticket.")
            .WithDescription("Anyone with the room's link; the code decides. From the clinic's time before the appointment until its time after the end " +
                "(409 visit_not_open, visit_closed). A wrong code is 400 visit_code_wrong; the fifth wrong try locks the code, and every try after is 409 " +
                "visit_code_locked, even with the right code, until a new code is sent. Anything that is not 10 characters of the code's alphabet is " +
                "400 visit_code_wrong without costing a try. While the patient is in from another browser, 409 " +
                "visit_patient_present. An unknown room, or another clinic's, is 404 visit_not_found.")
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);

        app.MapStaffAppointments()
            .MapPost("/{id:guid}/visit/join", async Task<Results<Ok<VisitEntryView>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new JoinVisitAsProviderCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("JoinVisitAsProvider")
            .WithSummary("Admits the appointment's provider to the visit's room, and hands out the signalling ticket.")
            .WithDescription("The staff member linked to the appointment's provider; any other staff member is 403 not_visit_provider. From the clinic's " +
                "time before the appointment until its time after the end (409 visit_not_open, visit_closed). Another clinic's appointment, or one that " +
                "is not virtual, is 404 visit_not_found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
