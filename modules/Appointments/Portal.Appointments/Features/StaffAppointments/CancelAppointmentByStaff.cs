using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <param name="Reason">Why the clinic cancels, 1 to 500 characters; staff see it on the appointment.</param>
internal sealed record CancelAppointmentByStaffBody(string Reason);

internal sealed record CancelAppointmentByStaffCommand(Guid Id, string Reason) : ICommand<StaffAppointmentView>, IChangesBookedTime;

internal sealed class CancelAppointmentByStaffValidator : AbstractValidator<CancelAppointmentByStaffCommand>
{
    public CancelAppointmentByStaffValidator() =>
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500).Must(r => r is null || r.Trim().Length > 0).WithMessage("Give the reason for cancelling.");
}

internal sealed class CancelAppointmentByStaffHandler(StaffAppointmentChanges changes, AppointmentChanges cancellation, TimeProvider clock)
    : IRequestHandler<CancelAppointmentByStaffCommand, Result<StaffAppointmentView>>
{
    public Task<Result<StaffAppointmentView>> Handle(CancelAppointmentByStaffCommand request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(
            request.Id,
            current => AppointmentStatuses.CanMove(current.Status, AppointmentStatusCodes.Cancelled) ? null : AppointmentsErrors.StaffCannotCancel,
            current => cancellation.CancelAsync(current.Held, "staff", request.Reason, clock.GetUtcNow(), cancellationToken),
            cancellationToken);
}

internal sealed class CancelAppointmentByStaffEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointmentChange(
            "/cancel",
            (Guid id, CancelAppointmentByStaffBody body) => new CancelAppointmentByStaffCommand(id, body.Reason),
            new StaffAppointmentOperation(
                "CancelAppointmentByStaff",
                "Cancels an appointment for the clinic, with the reason; its time is free again.",
                "Any staff member of the clinic. 404 appointment_not_found; 409 cannot_cancel for one already cancelled, declined, " +
                "under way or over."));
}
