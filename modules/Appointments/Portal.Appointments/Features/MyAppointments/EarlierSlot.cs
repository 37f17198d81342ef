using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.EarlierSlots;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.MyAppointments;

/// <summary>The patient's answer to an earlier-slot offer.</summary>
/// <param name="OfferId">The offer shown (earlierSlotOffer.id), so an answer never lands on a later offer the patient has not seen.</param>
internal sealed record EarlierSlotAnswerBody(Guid OfferId);

internal sealed record AskForEarlierSlotCommand(Guid PatientId, Guid Id) : ICommand<MyAppointmentView>;

internal sealed record StopAskingForEarlierSlotCommand(Guid PatientId, Guid Id) : ICommand<MyAppointmentView>;

internal sealed record AnswerEarlierSlotCommand(Guid PatientId, Guid Id, Guid OfferId, bool Accept) : ICommand<MyAppointmentView>;

internal sealed class AnswerEarlierSlotValidator : AbstractValidator<AnswerEarlierSlotCommand>
{
    public AnswerEarlierSlotValidator() => RuleFor(x => x.OfferId).NotEmpty().OverridePropertyName("offerId");
}

/// <summary>The signed-in patient's appointment, locked for the rest of the transaction, as they may see it; null for none.</summary>
internal sealed class MyLockedAppointment(IDbSession db, ClinicContext clinic, MyAppointmentViews views)
{
    public sealed record Held(Guid TypeId, Guid ProviderId, Guid? LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status);

    public async Task<(Held Row, MyAppointmentView View)?> LockAsync(Guid patientId, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = await db.QuerySingleOrDefaultAsync<Held>(
            """
            select type_id, provider_id, location_id, starts_at, ends_at, status from appointments.appointments
            where clinic_id = @ClinicId and id = @id and patient_id = @patientId
            for update
            """,
            new { clinic.ClinicId, id, patientId },
            cancellationToken);
        var visible = held is null ? null : (await views.ListAsync(patientId, id, null, now, 1, cancellationToken)).SingleOrDefault();
        return held is null || visible is null ? null : (held, visible);
    }
}

internal sealed class AskForEarlierSlotHandler(
    IDbSession db, ClinicContext clinic, MyLockedAppointment locked, MyAppointmentViews views, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<AskForEarlierSlotCommand, Result<MyAppointmentView>>
{
    public async Task<Result<MyAppointmentView>> Handle(AskForEarlierSlotCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await locked.LockAsync(request.PatientId, request.Id, now, cancellationToken) is not { } found)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        // Only a booked appointment the patient may still move online can take an earlier time.
        if (!EarlierSlotOffers.Offerable.Contains(found.View.Status) || !found.View.CanChange)
        {
            return AppointmentsErrors.CannotChange;
        }

        var added = await db.ExecuteAsync(
            """
            insert into appointments.earlier_slot_requests (appointment_id, clinic_id, patient_id, created_at)
            values (@Id, @ClinicId, @PatientId, @now)
            on conflict do nothing
            """,
            new { request.Id, clinic.ClinicId, request.PatientId, now },
            cancellationToken);
        if (added == 1)
        {
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.EarlierSlotAsked, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, request.Id.ToString(), new { by = "patient" }),
                cancellationToken);
        }

        return (await views.ListAsync(request.PatientId, request.Id, null, now, 1, cancellationToken)).Single();
    }
}

internal sealed class StopAskingForEarlierSlotHandler(
    IDbSession db, ClinicContext clinic, MyLockedAppointment locked, MyAppointmentViews views, EarlierSlotOffers offers, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<StopAskingForEarlierSlotCommand, Result<MyAppointmentView>>
{
    public async Task<Result<MyAppointmentView>> Handle(StopAskingForEarlierSlotCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await locked.LockAsync(request.PatientId, request.Id, now, cancellationToken) is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        var removed = await db.ExecuteAsync(
            "delete from appointments.earlier_slot_requests where clinic_id = @ClinicId and appointment_id = @Id",
            new { clinic.ClinicId, request.Id },
            cancellationToken);
        // An offer still open goes on to the next patient asking.
        await offers.WithdrawAsync(clinic.ClinicId, request.Id, now, cancellationToken);
        if (removed == 1)
        {
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.EarlierSlotStopped, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, request.Id.ToString(), new { by = "patient" }),
                cancellationToken);
        }

        return (await views.ListAsync(request.PatientId, request.Id, null, now, 1, cancellationToken)).Single();
    }
}

/// <summary>
/// Accepts or declines an offer. Accepting moves the appointment into the offered time with the same change as a
/// reschedule, in this one transaction: the old time is never given up without the new one, the database's no-overlap
/// rule decides a race with another accept or a booking (409 slot_taken), and the old time is then offered in turn.
/// Declining passes the offer on to the next patient asking.
/// </summary>
internal sealed class AnswerEarlierSlotHandler(
    IDbSession db, ClinicContext clinic, MyLockedAppointment locked, MyAppointmentViews views, ScheduleStore store, BookingRulesStore rulesStore,
    FreeSlots slots, EarlierSlotOffers offers, AppointmentChanges changes, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<AnswerEarlierSlotCommand, Result<MyAppointmentView>>
{
    private sealed record Offer(
        Guid Id, string State, DateTimeOffset ExpiresAt, Guid FreedSlotId, Guid ProviderId, Guid TypeId, Guid? LocationId, DateTimeOffset StartsAt,
        DateTimeOffset EndsAt, string SlotState);

    public async Task<Result<MyAppointmentView>> Handle(AnswerEarlierSlotCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await locked.LockAsync(request.PatientId, request.Id, now, cancellationToken) is not { } found)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        var offer = await db.QuerySingleOrDefaultAsync<Offer>(
            """
            select o.id, o.state, o.expires_at, f.id as freed_slot_id, f.provider_id, f.type_id, f.location_id, f.starts_at, f.ends_at, f.state as slot_state
            from appointments.earlier_slot_offers o
            join appointments.freed_slots f on f.clinic_id = o.clinic_id and f.id = o.freed_slot_id
            where o.clinic_id = @ClinicId and o.id = @OfferId and o.appointment_id = @Id and o.patient_id = @PatientId
            for update of o, f
            """,
            new { clinic.ClinicId, request.OfferId, request.Id, request.PatientId },
            cancellationToken);
        if (offer is null)
        {
            return AppointmentsErrors.OfferNotFound;
        }

        if (offer.State == "expired" || (offer.State == "pending" && offer.ExpiresAt <= now))
        {
            return AppointmentsErrors.OfferExpired;
        }

        if (offer.State != "pending")
        {
            return AppointmentsErrors.OfferAnswered;
        }

        if (!request.Accept)
        {
            await db.ExecuteAsync(
                "update appointments.earlier_slot_offers set state = 'declined', decided_at = @now where id = @Id", new { offer.Id, now }, cancellationToken);
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.EarlierSlotDeclined, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, request.Id.ToString(),
                    new { by = "patient", offerId = offer.Id, offer.StartsAt }),
                cancellationToken);
            await offers.OfferNextAsync(clinic.ClinicId, offer.FreedSlotId, now, cancellationToken);
            return (await views.ListAsync(request.PatientId, request.Id, null, now, 1, cancellationToken)).Single();
        }

        var (held, view) = found;
        var type = await store.FindTypeAsync(clinic.ClinicId, held.TypeId, cancellationToken);
        if (type is null || !type.Active || !type.BookableOnline || !EarlierSlotOffers.Offerable.Contains(view.Status) || held.StartsAt <= now)
        {
            return AppointmentsErrors.CannotChange;
        }

        var rules = await rulesStore.ForTypeAsync(clinic.ClinicId, type.Id, cancellationToken);
        if (!rules.StillChangeable(now, held.StartsAt))
        {
            return AppointmentsErrors.ChangeWindowPassed(rules.ChangeWindowMinutes);
        }

        if (rules.RefuseStart(slots.Zone, now, offer.StartsAt) is { } refused)
        {
            return refused;
        }

        var freed = new FreedSlot(offer.FreedSlotId, clinic.ClinicId, offer.ProviderId, offer.TypeId, offer.LocationId, offer.StartsAt, offer.EndsAt, offer.SlotState);
        if (offer.SlotState != "offering" || !await offers.StillFreeAsync(freed, type, slots.Zone, request.Id, cancellationToken))
        {
            return AppointmentsErrors.SlotTaken;
        }

        await db.ExecuteAsync(
            """
            update appointments.earlier_slot_offers set state = 'accepted', decided_at = @now where id = @Id;
            update appointments.freed_slots set state = 'taken' where id = @FreedSlotId;
            delete from appointments.earlier_slot_requests where clinic_id = @ClinicId and appointment_id = @Appointment;
            """,
            new { offer.Id, offer.FreedSlotId, now, clinic.ClinicId, Appointment = request.Id },
            cancellationToken);
        var moved = await changes.MoveAsync(
            new HeldAppointment(request.Id, request.PatientId, held.TypeId, held.ProviderId, held.LocationId, held.StartsAt, held.EndsAt, held.Status),
            PlannedTime.Of(type, offer.ProviderId, offer.LocationId, offer.StartsAt), "patient", now, new { earlierSlotOfferId = offer.Id }, cancellationToken);
        if (!moved.IsSuccess)
        {
            // R5: another accept or a booking took the time first; the failure rolls all of this back, the appointment keeps its time.
            return moved.Error!;
        }

        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.EarlierSlotAccepted, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, request.Id.ToString(),
                new { by = "patient", offerId = offer.Id, fromStartsAt = held.StartsAt, offer.StartsAt }),
            cancellationToken);
        return (await views.ListAsync(request.PatientId, request.Id, null, now, 1, cancellationToken)).Single();
    }
}

internal sealed class EarlierSlotEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var portal = app.MapMyAppointments();
        portal.MapPost("/{id:guid}/earlier-slot", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AskForEarlierSlotCommand(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("AskForEarlierSlot")
            .WithSummary("Asks to be offered an earlier time for one of the signed-in patient's booked appointments, should one free up.")
            .WithDescription("The signed-in patient of the clinic, for a booked or confirmed appointment they may still change online. When a time of " +
                "the same type with the same provider frees up (a cancellation or a move), it is offered to those asking in the order they asked, " +
                "by their preferred channel, for a limited time (earlierSlotOffer). Asking again changes nothing. Another patient's appointment or one in " +
                "a hidden status is 404; 409 cannot_change for one that cannot move online.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        portal.MapDelete("/{id:guid}/earlier-slot", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new StopAskingForEarlierSlotCommand(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("StopAskingForEarlierSlot")
            .WithSummary("Stops asking for an earlier time; an offer still open goes to the next patient asking.")
            .WithDescription("The signed-in patient of the clinic. Another patient's appointment or one in a hidden status is 404.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        portal.MapPost("/{id:guid}/earlier-slot/accept", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, EarlierSlotAnswerBody body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AnswerEarlierSlotCommand(actor.Actor.Id!.Value, id, body.OfferId, Accept: true), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("AcceptEarlierSlot")
            .ValidatedAs<AnswerEarlierSlotCommand>()
            .WithSummary("Accepts an earlier-slot offer: the appointment moves into the offered time in one step, as a change of time does.")
            .WithDescription("The signed-in patient of the clinic, for their own offer. The old time is kept until the new one is held. 404 " +
                "appointment_not_found or offer_not_found; 409 offer_expired (the offer ran out and went to the next patient), offer_answered " +
                "(already accepted, declined or withdrawn), slot_taken (someone else got the time first; the appointment keeps its time), " +
                "change_window_passed, cannot_change; 400 too_soon.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        portal.MapPost("/{id:guid}/earlier-slot/decline", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, EarlierSlotAnswerBody body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AnswerEarlierSlotCommand(actor.Actor.Id!.Value, id, body.OfferId, Accept: false), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("DeclineEarlierSlot")
            .ValidatedAs<AnswerEarlierSlotCommand>()
            .WithSummary("Declines an earlier-slot offer; the appointment keeps its time, the patient keeps asking, and the time goes to the next patient asking.")
            .WithDescription("The signed-in patient of the clinic, for their own offer. 404 appointment_not_found or offer_not_found; 409 offer_expired, " +
                "offer_answered.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
