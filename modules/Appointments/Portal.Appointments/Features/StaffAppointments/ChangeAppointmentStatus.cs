using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Appointments.Features.StaffAppointments;

/// <param name="Status">confirmed, arrived, in_room, completed or no_show (cancelling, approving and declining have their own routes).</param>
internal sealed record ChangeAppointmentStatusBody(string Status);

internal sealed record ChangeAppointmentStatusCommand(Guid Id, string Status) : ICommand<StaffAppointmentView>
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

internal sealed class ChangeAppointmentStatusHandler(
    ClinicContext clinic, StaffAppointmentChanges changes, StaffAppointmentViews views, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<ChangeAppointmentStatusCommand, Result<StaffAppointmentView>>
{
    public async Task<Result<StaffAppointmentView>> Handle(ChangeAppointmentStatusCommand request, CancellationToken cancellationToken)
    {
        var current = await changes.LockAsync(request.Id, cancellationToken);
        if (current is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        if (!AppointmentStatuses.CanMove(current.Status, request.Status))
        {
            return AppointmentsErrors.StatusMoveNotAllowed;
        }

        await changes.SetStatusAsync(current.Id, request.Status, clock.GetUtcNow(), newVersion: false, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.StatusChanged, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, current.Id.ToString(),
                new { by = "staff", from = current.Status, to = request.Status }),
            cancellationToken);
        return (await views.FindAsync(current.Id, cancellationToken))!;
    }
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
