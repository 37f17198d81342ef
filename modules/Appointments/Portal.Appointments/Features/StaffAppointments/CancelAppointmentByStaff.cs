using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Contracts;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <param name="Reason">Why the clinic cancels, 1 to 500 characters; staff see it on the appointment.</param>
internal sealed record CancelAppointmentByStaffBody(string Reason);

internal sealed record CancelAppointmentByStaffCommand(Guid Id, string Reason) : ICommand<StaffAppointmentView>;

internal sealed class CancelAppointmentByStaffValidator : AbstractValidator<CancelAppointmentByStaffCommand>
{
    public CancelAppointmentByStaffValidator() =>
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500).Must(r => r is null || r.Trim().Length > 0).WithMessage("Give the reason for cancelling.");
}

internal sealed class CancelAppointmentByStaffHandler(
    IDbSession db, ClinicContext clinic, StaffAppointmentChanges changes, StaffAppointmentViews views, IAuditLog audit, IIntegrationEvents events,
    TimeProvider clock)
    : IRequestHandler<CancelAppointmentByStaffCommand, Result<StaffAppointmentView>>
{
    public async Task<Result<StaffAppointmentView>> Handle(CancelAppointmentByStaffCommand request, CancellationToken cancellationToken)
    {
        var current = await changes.LockAsync(request.Id, cancellationToken);
        if (current is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        if (!AppointmentStatuses.CanMove(current.Status, AppointmentStatusCodes.Cancelled))
        {
            return AppointmentsErrors.StaffCannotCancel;
        }

        var now = clock.GetUtcNow();
        await changes.SetStatusAsync(current.Id, AppointmentStatusCodes.Cancelled, now, newVersion: true, cancellationToken);
        await db.ExecuteAsync(
            "update appointments.appointments set cancelled_by = 'staff', cancel_reason = @Reason where clinic_id = @ClinicId and id = @Id",
            new { Reason = request.Reason.Trim(), clinic.ClinicId, current.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Cancelled, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, current.Id.ToString(),
                new { by = "staff", from = current.Status, to = AppointmentStatusCodes.Cancelled }),
            cancellationToken);
        await events.PublishAsync(
            new AppointmentCancelled(clinic.ClinicId, current.PatientId, current.Id, current.ProviderId, current.StartsAt, current.EndsAt, ByPatient: false),
            cancellationToken);
        return (await views.FindAsync(current.Id, cancellationToken))!;
    }
}

internal sealed class CancelAppointmentByStaffEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointments()
            .MapPost("/{id:guid}/cancel", async Task<Results<Ok<StaffAppointmentView>, ErrorHttpResult>> (
                    Guid id, CancelAppointmentByStaffBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new CancelAppointmentByStaffCommand(id, body.Reason), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("CancelAppointmentByStaff")
            .ValidatedAs<CancelAppointmentByStaffCommand>()
            .WithSummary("Cancels an appointment for the clinic, with the reason; its time is free again.")
            .WithDescription("Any staff member of the clinic. 404 appointment_not_found; 409 cannot_cancel for one already cancelled, declined, " +
                "under way or over.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
