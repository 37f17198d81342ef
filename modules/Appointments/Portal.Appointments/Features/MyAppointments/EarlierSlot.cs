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

internal sealed record AnswerEarlierSlotCommand(Guid PatientId, Guid Id, Guid OfferId, bool Accept) : ICommand<MyAppointmentView>, IChangesBookedTime;

internal sealed class AnswerEarlierSlotValidator : AbstractValidator<AnswerEarlierSlotCommand>
{
    public AnswerEarlierSlotValidator() => RuleFor(x => x.OfferId).NotEmpty().OverridePropertyName("offerId");
}

/// <summary>
/// The signed-in patient's appointment, locked for the rest of the transaction, as they may see it; null for none. A change to it
/// answers with the appointment as the patient then sees it.
/// </summary>
internal sealed class MyLockedAppointment(IDbSession db, ClinicContext clinic, MyAppointmentViews views, IAuditLog audit, TimeProvider clock)
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
        var visible = held is null ? null : await views.FindAsync(patientId, id, now, cancellationToken);
        return held is null || visible is null ? null : (held, visible);
    }

    /// <summary>
    /// One change by the patient to their appointment: it is locked (404 appointment_not_found for none or one they may not see),
    /// <paramref name="change"/> makes the change at the time given or answers why not, and the answer is the appointment as they then see it.
    /// </summary>
    public async Task<Result<MyAppointmentView>> ChangeAsync(
        Guid patientId, Guid id, Func<(Held Row, MyAppointmentView View), DateTimeOffset, Task<Error?>> change, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await LockAsync(patientId, id, now, cancellationToken) is not { } found)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        if (await change(found, now) is { } refused)
        {
            return refused;
        }

        return await views.ChangedAsync(patientId, id, now, cancellationToken);
    }

    /// <summary>Records what the patient did about an earlier time for their appointment.</summary>
    public Task RecordAsync(string action, Guid id, object details, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent(action, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, id.ToString(), details), cancellationToken);

    /// <summary>Records a start or an end of asking for an earlier time, when <paramref name="rows"/> says it changed anything.</summary>
    public async Task RecordIfChangedAsync(int rows, string action, Guid id, CancellationToken cancellationToken)
    {
        if (rows == 1)
        {
            await RecordAsync(action, id, new { by = "patient" }, cancellationToken);
        }
    }
}

internal sealed class AskForEarlierSlotHandler(IDbSession db, ClinicContext clinic, MyLockedAppointment locked)
    : IRequestHandler<AskForEarlierSlotCommand, Result<MyAppointmentView>>
{
    public Task<Result<MyAppointmentView>> Handle(AskForEarlierSlotCommand request, CancellationToken cancellationToken) =>
        locked.ChangeAsync(
            request.PatientId,
            request.Id,
            async Task<Error?> (found, now) =>
            {
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
                await locked.RecordIfChangedAsync(added, AppointmentsAudit.EarlierSlotAsked, request.Id, cancellationToken);
                return null;
            },
            cancellationToken);
}

internal sealed class StopAskingForEarlierSlotHandler(IDbSession db, ClinicContext clinic, MyLockedAppointment locked, EarlierSlotOffers offers)
    : IRequestHandler<StopAskingForEarlierSlotCommand, Result<MyAppointmentView>>
{
    public Task<Result<MyAppointmentView>> Handle(StopAskingForEarlierSlotCommand request, CancellationToken cancellationToken) =>
        locked.ChangeAsync(
            request.PatientId,
            request.Id,
            async Task<Error?> (_, now) =>
            {
                var removed = await db.ExecuteAsync(
                    "delete from appointments.earlier_slot_requests where clinic_id = @ClinicId and appointment_id = @Id",
                    new { clinic.ClinicId, request.Id },
                    cancellationToken);
                // An offer still open goes on to the next patient asking.
                await offers.WithdrawAsync(clinic.ClinicId, request.Id, now, cancellationToken);
                await locked.RecordIfChangedAsync(removed, AppointmentsAudit.EarlierSlotStopped, request.Id, cancellationToken);
                return null;
            },
            cancellationToken);
}

/// <summary>
/// Accepts or declines an offer. Accepting moves the appointment into the offered time with the same change as a
/// reschedule, in this one transaction: the old time is never given up without the new one, the database's no-overlap
/// rule decides a race with another accept or a booking (409 slot_taken), and the old time is then offered in turn.
/// Declining passes the offer on to the next patient asking.
/// </summary>
internal sealed class AnswerEarlierSlotHandler(
    IDbSession db, ClinicContext clinic, MyLockedAppointment locked, ScheduleStore store, BookingRulesStore rulesStore, FreeSlots slots,
    EarlierSlotOffers offers, AppointmentChanges changes)
    : IRequestHandler<AnswerEarlierSlotCommand, Result<MyAppointmentView>>
{
    private sealed record Offer(
        Guid Id, string State, DateTimeOffset ExpiresAt, Guid FreedSlotId, Guid ProviderId, Guid TypeId, Guid? LocationId, DateTimeOffset StartsAt,
        DateTimeOffset EndsAt, string SlotState);

    public Task<Result<MyAppointmentView>> Handle(AnswerEarlierSlotCommand request, CancellationToken cancellationToken) =>
        locked.ChangeAsync(request.PatientId, request.Id, (found, now) => AnswerAsync(request, found, now, cancellationToken), cancellationToken);

    private async Task<Error?> AnswerAsync(
        AnswerEarlierSlotCommand request, (MyLockedAppointment.Held Row, MyAppointmentView View) found, DateTimeOffset now, CancellationToken cancellationToken)
    {
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
            await locked.RecordAsync(
                AppointmentsAudit.EarlierSlotDeclined, request.Id, new { by = "patient", offerId = offer.Id, offer.StartsAt }, cancellationToken);
            await offers.OfferNextAsync(clinic.ClinicId, offer.FreedSlotId, now, cancellationToken);
            return null;
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
            return moved.Error;
        }

        await locked.RecordAsync(
            AppointmentsAudit.EarlierSlotAccepted, request.Id, new { by = "patient", offerId = offer.Id, fromStartsAt = held.StartsAt, offer.StartsAt },
            cancellationToken);
        return null;
    }
}

internal sealed class EarlierSlotEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var portal = app.MapMyAppointments();
        portal.MapPost(EarlierSlotRoutes.Asking, EarlierSlotRoutes.ForPatient((patientId, id) => new AskForEarlierSlotCommand(patientId, id)))
            .Describe(
                "AskForEarlierSlot",
                "Asks to be offered an earlier time for one of the signed-in patient's booked appointments, should one free up.",
                "The signed-in patient of the clinic, for a booked or confirmed appointment they may still change online. When a time of " +
                "the same type with the same provider frees up (a cancellation or a move), it is offered to those asking in the order they asked, " +
                "by their preferred channel, for a limited time (earlierSlotOffer). Asking again changes nothing. Another patient's appointment or one in " +
                "a hidden status is 404; 409 cannot_change for one that cannot move online.",
                StatusCodes.Status409Conflict);

        portal.MapDelete(EarlierSlotRoutes.Asking, EarlierSlotRoutes.ForPatient((patientId, id) => new StopAskingForEarlierSlotCommand(patientId, id)))
            .Describe(
                "StopAskingForEarlierSlot",
                "Stops asking for an earlier time; an offer still open goes to the next patient asking.",
                "The signed-in patient of the clinic. Another patient's appointment or one in a hidden status is 404.");

        portal.MapAnswer("accept", accept: true)
            .Describe(
                "AcceptEarlierSlot",
                "Accepts an earlier-slot offer: the appointment moves into the offered time in one step, as a change of time does.",
                "The signed-in patient of the clinic, for their own offer. The old time is kept until the new one is held. 404 " +
                "appointment_not_found or offer_not_found; 409 offer_expired (the offer ran out and went to the next patient), offer_answered " +
                "(already accepted, declined or withdrawn), slot_taken (someone else got the time first; the appointment keeps its time), " +
                "change_window_passed, cannot_change; 400 too_soon.",
                StatusCodes.Status409Conflict);

        portal.MapAnswer("decline", accept: false)
            .Describe(
                "DeclineEarlierSlot",
                "Declines an earlier-slot offer; the appointment keeps its time, the patient keeps asking, and the time goes to the next patient asking.",
                "The signed-in patient of the clinic, for their own offer. 404 appointment_not_found or offer_not_found; 409 offer_expired, " +
                "offer_answered.",
                StatusCodes.Status409Conflict);
    }
}

internal static class EarlierSlotRoutes
{
    public const string Asking = "/{id:guid}/earlier-slot";

    /// <summary>A route handler sending the signed-in patient's command for one of their appointments.</summary>
    public static Delegate ForPatient(Func<Guid, Guid, ICommand<MyAppointmentView>> command) =>
        async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(command(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok);

    /// <summary>The patient's answer to the offer named in the body, at <c>{Asking}/{answer}</c>.</summary>
    public static RouteHandlerBuilder MapAnswer(this IEndpointRouteBuilder portal, string answer, bool accept) =>
        portal.MapPost($"{Asking}/{answer}", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, EarlierSlotAnswerBody body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AnswerEarlierSlotCommand(actor.Actor.Id!.Value, id, body.OfferId, accept), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .ValidatedAs<AnswerEarlierSlotCommand>();

    /// <summary>Names and describes an earlier-slot route of the signed-in patient: 401, 403 and 404 besides <paramref name="moreProblems"/>.</summary>
    public static RouteHandlerBuilder Describe(
        this RouteHandlerBuilder builder, string name, string summary, string description, params int[] moreProblems) =>
        builder.WithName(name)
            .WithSummary(summary)
            .WithDescription(description)
            .ProducesProblems([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, .. moreProblems]);
}
