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

/// <param name="StartsAt">A free slot's startsAt (the appointment's own time counts as free); with anyTime, any whole minute.</param>
/// <param name="ProviderId">Another provider of the type; the same provider when left out.</param>
/// <param name="AnyTime">Move to this exact time even if it is not a free slot; another appointment holding the time still makes it 409.</param>
/// <param name="LocationId">With anyTime, where an in-person appointment takes place; a free slot brings its own location.</param>
internal sealed record MoveAppointmentBody(DateTimeOffset StartsAt, Guid? ProviderId = null, bool AnyTime = false, Guid? LocationId = null);

internal sealed record MoveAppointmentCommand(Guid Id, MoveAppointmentBody Move) : ICommand<StaffAppointmentView>, IChangesBookedTime;

internal sealed class MoveAppointmentValidator : AbstractValidator<MoveAppointmentCommand>
{
    public MoveAppointmentValidator() => RuleFor(x => x.Move.StartsAt).IsAppointmentStart().OverridePropertyName("startsAt");
}

internal sealed class MoveAppointmentHandler(
    ClinicContext clinic, ScheduleStore store, StaffAppointmentChanges changes, AppointmentChanges moves, TimeProvider clock)
    : IRequestHandler<MoveAppointmentCommand, Result<StaffAppointmentView>>
{
    /// <summary>Statuses of an appointment that has not begun and still holds its time.</summary>
    private static readonly string[] Movable = [AppointmentStatusCodes.Requested, AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed];

    public Task<Result<StaffAppointmentView>> Handle(MoveAppointmentCommand request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(
            request.Id,
            current => Movable.Contains(current.Status) ? null : AppointmentsErrors.CannotMove,
            async Task<Error?> (current) =>
            {
                var type = (await store.FindTypeAsync(clinic.ClinicId, current.TypeId, cancellationToken))!;
                var move = request.Move;
                var planned = await changes.PlanAsync(
                    type, move.ProviderId ?? current.ProviderId, move.StartsAt, move.AnyTime, move.LocationId, cancellationToken);
                if (!planned.IsSuccess)
                {
                    return planned.Error;
                }

                var moved = await moves.MoveAsync(current.Held, planned.Value, "staff", clock.GetUtcNow(), new { move.AnyTime }, cancellationToken);
                return moved.Error;
            },
            cancellationToken);
}

internal sealed class MoveAppointmentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointmentChange(
            "/move",
            (Guid id, MoveAppointmentBody body) => new MoveAppointmentCommand(id, body),
            new StaffAppointmentOperation(
                "MoveAppointment",
                "Moves a requested, booked or confirmed appointment to another time, and perhaps another provider of its type, in place: " +
                "same appointment, same status, its calendar entry updated.",
                "Any staff member of the clinic. 404 appointment_not_found; 400 provider_not_found, slot_not_offered, location_required or " +
                "location_not_found; 409 cannot_move for an appointment under way, over, cancelled or declined, and 409 slot_taken when another " +
                "appointment of the provider holds any of the new time."));
}
