using System.Text.Json;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <summary>One change to the appointment, from the audit log.</summary>
/// <param name="Action">The audit action, such as appointments.appointment.booked or appointments.appointment.status_changed.</param>
/// <param name="ActorKind">staff, patient, operator, system or anonymous.</param>
/// <param name="ActorLabel">Who, as the audit log names them.</param>
/// <param name="Status">The status it went to, when the change set one.</param>
internal sealed record StaffAppointmentHistoryEntry(DateTimeOffset At, string Action, string ActorKind, string? ActorLabel, string? Status);

/// <summary>An appointment with what staff see beyond the calendar.</summary>
/// <param name="PatientNote">What the patient wrote for the provider when booking.</param>
/// <param name="StaffNote">What staff noted when booking; never shown to the patient.</param>
/// <param name="CancelledBy">patient or staff, once cancelled.</param>
/// <param name="CancelReason">Why it was cancelled or declined, when a reason was given.</param>
/// <param name="Sequence">How many times calendars were told of a change to it.</param>
/// <param name="BookedByLabel">Who booked or requested it, as the audit log names them.</param>
/// <param name="History">Its changes, newest first (at most 100).</param>
internal sealed record StaffAppointmentDetail(
    StaffAppointmentView Appointment, string? PatientNote, string? StaffNote, string? CancelledBy, string? CancelReason, int Sequence,
    DateTimeOffset CreatedAt, string? BookedByLabel, IReadOnlyList<StaffAppointmentHistoryEntry> History);

internal sealed record GetStaffAppointmentQuery(Guid Id) : IQuery<StaffAppointmentDetail>;

internal sealed class GetStaffAppointmentHandler(StaffAppointmentViews views, ClinicContext clinic, IAuditTrail trail, IAuditLog audit)
    : IRequestHandler<GetStaffAppointmentQuery, Result<StaffAppointmentDetail>>
{
    private const int HistoryLimit = 100;

    public async Task<Result<StaffAppointmentDetail>> Handle(GetStaffAppointmentQuery request, CancellationToken cancellationToken)
    {
        var row = (await views.RowsAsync(new StaffAppointmentFilter(request.Id), cancellationToken)).SingleOrDefault();
        if (row is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        var view = (await views.ViewsAsync([row], cancellationToken)).Single();
        var history = (await trail.ForTargetAsync(clinic.ClinicId, AppointmentsAudit.AppointmentTarget, row.Id.ToString(), HistoryLimit, cancellationToken))
            .Where(e => e.Action != AppointmentsAudit.Viewed)
            .Select(e => new StaffAppointmentHistoryEntry(
                e.OccurredAt, e.Action, e.ActorKind.ToString().ToLowerInvariant(), e.ActorLabel,
                e.Details.ValueKind == JsonValueKind.Object && e.Details.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String
                    ? to.GetString()
                    : null))
            .ToList();
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Viewed, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, row.Id.ToString(), new { by = "staff" }),
            cancellationToken);
        return new StaffAppointmentDetail(
            view, row.PatientNote, row.StaffNote, row.CancelledBy, row.CancelReason, row.Sequence, row.CreatedAt,
            history.LastOrDefault()?.ActorLabel, history);
    }
}

internal sealed class GetStaffAppointmentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointments()
            .MapGet("/{id:guid}", async Task<Results<Ok<StaffAppointmentDetail>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetStaffAppointmentQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetStaffAppointment")
            .WithSummary("One appointment of the clinic for staff: patient, type, provider, location, time, status and its next statuses, " +
                "who booked it, notes, cancel reason and its history of changes.")
            .WithDescription("Any staff member of the clinic. 404 appointment_not_found, for another clinic's appointment too.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
