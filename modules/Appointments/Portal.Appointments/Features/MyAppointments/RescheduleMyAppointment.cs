using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.MyAppointments;

/// <summary>The new time the patient picked; nothing else about the appointment changes.</summary>
/// <param name="StartsAt">A free slot's startsAt, as the slots list gave it.</param>
/// <param name="ProviderId">Another provider of the same type; the appointment's own when left out.</param>
internal sealed record RescheduleMyAppointmentBody(DateTimeOffset StartsAt, Guid? ProviderId = null);

internal sealed record RescheduleMyAppointmentCommand(Guid PatientId, Guid Id, RescheduleMyAppointmentBody Change) : ICommand<MyAppointmentView>, IChangesBookedTime;

/// <summary>
/// Moves the appointment by one update of its own row, so the old time is never given up without the new one, the
/// database's no-overlap rule decides a race for the new time, and a calendar keeps the same event (sequence + 1).
/// </summary>
internal sealed class RescheduleMyAppointmentHandler(
    IDbSession db, ClinicContext clinic, ScheduleStore store, BookingRulesStore rulesStore, FreeSlots slots, MyAppointmentViews views,
    AppointmentChanges changes, TimeProvider clock)
    : IRequestHandler<RescheduleMyAppointmentCommand, Result<MyAppointmentView>>
{
    private sealed record Held(Guid TypeId, Guid ProviderId, DateTimeOffset StartsAt);

    public async Task<Result<MyAppointmentView>> Handle(RescheduleMyAppointmentCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var change = request.Change;
        var held = await db.QuerySingleOrDefaultAsync<Held>(
            "select type_id, provider_id, starts_at from appointments.appointments where clinic_id = @ClinicId and id = @Id and patient_id = @PatientId for update",
            new { clinic.ClinicId, request.Id, request.PatientId },
            cancellationToken);
        var visible = held is null ? null : await views.FindAsync(request.PatientId, request.Id, now, cancellationToken);
        if (held is null || visible is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        var type = await store.FindTypeAsync(clinic.ClinicId, held.TypeId, cancellationToken);
        if (type is null || !type.Active || !type.BookableOnline || !MyAppointmentViews.Movable.Contains(visible.Status, StringComparer.Ordinal)
            || held.StartsAt <= now)
        {
            return AppointmentsErrors.CannotChange;
        }

        var rules = await rulesStore.ForTypeAsync(clinic.ClinicId, type.Id, cancellationToken);
        if (!rules.StillChangeable(now, held.StartsAt))
        {
            return AppointmentsErrors.ChangeWindowPassed(rules.ChangeWindowMinutes);
        }

        var providerId = change.ProviderId ?? held.ProviderId;
        if (!(await store.ProvidersOfTypeAsync(clinic.ClinicId, type.Id, cancellationToken)).Contains(providerId))
        {
            return AppointmentsErrors.UnknownProvider;
        }

        if (providerId == held.ProviderId && change.StartsAt == held.StartsAt)
        {
            return AppointmentsErrors.SameTime;
        }

        if (rules.RefuseStart(slots.Zone, now, change.StartsAt) is { } refused)
        {
            return refused;
        }

        var day = ClinicTime.LocalDate(slots.Zone, change.StartsAt);
        var slot = (await slots.FindAsync(type, providerId, day, day, ignoreTaken: false, notBefore: null, except: request.Id, cancellationToken))
            .FirstOrDefault(s => s.StartsAt == change.StartsAt);
        if (slot is null)
        {
            var offered = (await slots.FindAsync(type, providerId, day, day, ignoreTaken: true, cancellationToken)).Any(s => s.StartsAt == change.StartsAt);
            return offered ? AppointmentsErrors.SlotTaken : AppointmentsErrors.SlotNotOffered;
        }

        var moved = await changes.MoveAsync(
            new HeldAppointment(
                request.Id, request.PatientId, held.TypeId, held.ProviderId, visible.Location?.Id,
                held.StartsAt, visible.EndsAt, visible.Status),
            PlannedTime.Of(type, slot.ProviderId, slot.LocationId, slot.StartsAt), "patient", now, null, cancellationToken);
        if (!moved.IsSuccess)
        {
            // R5: another booking or change took the new time first; the failed result rolls back, so the old time stays held.
            return moved.Error!;
        }

        return await views.ChangedAsync(request.PatientId, request.Id, now, cancellationToken);
    }
}

internal sealed class RescheduleMyAppointmentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyAppointments()
            .MapPost("/{id:guid}/reschedule", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, RescheduleMyAppointmentBody body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RescheduleMyAppointmentCommand(actor.Actor.Id!.Value, id, body), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("RescheduleMyAppointment")
            .WithSummary("Moves one of the signed-in patient's appointments to another free slot (and perhaps another provider of its type), in one step.")
            .WithDescription("The signed-in patient of the clinic, until the clinic's change window before the appointment (changeableUntil). The old time is " +
                "kept until the new one is held. Another patient's appointment or one in a hidden status is 404; 400 too_soon, too_far_ahead, " +
                "slot_not_offered, same_time, provider_not_found; 409 slot_taken (\"that time was just taken\"; the appointment keeps its time), " +
                "change_window_passed (\"please call the clinic\"), cannot_change (not in a status that can move).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
