using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Appointments.Features.StaffAppointments;

/// <param name="Status">confirmed, arrived, in_room, completed or no_show (cancelling, approving and declining have their own routes).</param>
internal sealed record ChangeAppointmentStatusBody(string Status);

internal sealed record ChangeAppointmentStatusCommand(Guid Id, string Status) : ICommand<StaffAppointmentView>, IChangesBookedTime
{
    /// <summary>The statuses staff set by this route: the visit's progress, which tells no one and frees no time.</summary>
    public static IReadOnlyList<string> Settable { get; } =
    [
        AppointmentStatusCodes.Confirmed, AppointmentStatusCodes.Arrived, AppointmentStatusCodes.InRoom, AppointmentStatusCodes.Completed,
        AppointmentStatusCodes.NoShow,
    ];
}

internal sealed class ChangeAppointmentStatusValidator : AbstractValidator<ChangeAppointmentStatusCommand>
{
    public ChangeAppointmentStatusValidator() => RuleFor(x => x.Status).NotEmpty().IsOneOf(ChangeAppointmentStatusCommand.Settable);
}

internal sealed class ChangeAppointmentStatusHandler(StaffAppointmentChanges changes, TimeProvider clock)
    : IRequestHandler<ChangeAppointmentStatusCommand, Result<StaffAppointmentView>>
{
    public Task<Result<StaffAppointmentView>> Handle(ChangeAppointmentStatusCommand request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(
            request.Id,
            current => AppointmentStatuses.CanMove(current.Status, request.Status) ? null : AppointmentsErrors.StatusMoveNotAllowed,
            current => changes.SetStatusAsync(
                current, request.Status, AppointmentsAudit.StatusChanged, clock.GetUtcNow(), newVersion: false, cancellationToken),
            cancellationToken);
}

internal sealed class ChangeAppointmentStatusEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointmentChange(
            "/status",
            (Guid id, ChangeAppointmentStatusBody body) => new ChangeAppointmentStatusCommand(id, body.Status),
            new StaffAppointmentOperation(
                "ChangeAppointmentStatus",
                "Marks an appointment confirmed, arrived, in the room, completed or a no-show, along the allowed moves (nextStatuses).",
                "Any staff member of the clinic. 404 appointment_not_found; 409 status_move_not_allowed when the appointment's status " +
                "cannot go there (a completed one back to arrived, say)."));
}
