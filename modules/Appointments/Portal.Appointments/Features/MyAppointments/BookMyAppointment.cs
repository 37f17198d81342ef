using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Portal.Appointments.Contracts;
using Portal.Appointments.Notices;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.MyAppointments;

/// <summary>What a patient sends to book: nothing about who they are (the session says) nor its status (the clinic's rules decide).</summary>
/// <param name="StartsAt">A free slot's startsAt, as the slots list gave it.</param>
/// <param name="Note">For the provider: the reason for the visit, at most 1000 characters.</param>
internal sealed record BookMyAppointmentBody(Guid TypeId, Guid ProviderId, DateTimeOffset StartsAt, string? Note = null);

internal sealed record BookMyAppointmentCommand(Guid PatientId, BookMyAppointmentBody Booking) : ICommand<MyAppointmentView>, IChangesBookedTime;

internal sealed class BookMyAppointmentValidator : AbstractValidator<BookMyAppointmentCommand>
{
    public BookMyAppointmentValidator() =>
        RuleFor(x => x.Booking.Note).MaximumLength(1000).Must(n => n is null || n.Trim().Length > 0)
            .WithMessage("Leave the note out rather than blank.").OverridePropertyName("note");
}

internal sealed class BookMyAppointmentHandler(
    IDbSession db, ClinicContext clinic, ScheduleSetups setups, BookingRulesStore rulesStore, FreeSlots slots, MyAppointmentViews views,
    AppointmentFactsReader facts, IAuditLog audit, IIntegrationEvents events, TimeProvider clock)
    : IRequestHandler<BookMyAppointmentCommand, Result<MyAppointmentView>>
{
    public async Task<Result<MyAppointmentView>> Handle(BookMyAppointmentCommand request, CancellationToken cancellationToken)
    {
        var booking = request.Booking;
        var setup = await setups.ForClinicAsync(clinic.ClinicId, cancellationToken);
        var typeSetup = setup.Type(booking.TypeId);
        if (typeSetup is not { Type.Active: true, Type.BookableOnline: true })
        {
            return AppointmentsErrors.UnknownType;
        }

        var type = typeSetup.Type;
        if (!typeSetup.Providers.Contains(booking.ProviderId))
        {
            return AppointmentsErrors.UnknownProvider;
        }

        var now = clock.GetUtcNow();
        var rules = setup.RulesFor(typeSetup);
        if (rules.RefuseStart(slots.Zone, now, booking.StartsAt) is { } refused)
        {
            return refused;
        }

        var (upcoming, upcomingOfType) = await rulesStore.LockAndCountUpcomingAsync(clinic.ClinicId, request.PatientId, type.Id, now, cancellationToken);
        if (rules.RefuseAnother(upcoming, upcomingOfType) is { } tooMany)
        {
            return tooMany;
        }

        // A slot of the provider's hours; whether another appointment holds it, the insert below asks the database, which decides (R5).
        var day = ClinicTime.LocalDate(slots.Zone, booking.StartsAt);
        var slot = (await slots.FindAsync(type, booking.ProviderId, day, day, ignoreTaken: true, cancellationToken))
            .FirstOrDefault(s => s.StartsAt == booking.StartsAt);
        if (slot is null)
        {
            return AppointmentsErrors.SlotNotOffered;
        }

        var status = rules.ByRequest ? AppointmentStatusCodes.Requested : AppointmentStatusCodes.Booked;
        if (await views.HidesAsync(status, cancellationToken))
        {
            // S9: the patient could never see what they booked; the clinic books it for them instead.
            return AppointmentsErrors.BookingHidden;
        }

        var id = Guid.CreateVersion7(now);
        var locationId = type.IsVirtual ? (Guid?)null : slot.LocationId;
        try
        {
            await db.ExecuteAsync(
                """
                insert into appointments.appointments
                    (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by, patient_note,
                     created_at, updated_at, status_changed_at)
                values (@id, @ClinicId, @PatientId, @ProviderId, @TypeId, @LocationId, @StartsAt, @EndsAt, tstzrange(@OccupiedFrom, @OccupiedTo, '[)'),
                        @Status, 'patient', @Note, @now, @now, @now)
                """,
                new
                {
                    id, clinic.ClinicId, request.PatientId, slot.ProviderId, TypeId = type.Id, LocationId = locationId,
                    slot.StartsAt, slot.EndsAt, OccupiedFrom = slot.StartsAt.AddMinutes(-type.BufferBeforeMinutes),
                    OccupiedTo = slot.EndsAt.AddMinutes(type.BufferAfterMinutes), Status = status, Note = booking.Note?.Trim(), now,
                },
                cancellationToken);
        }
        catch (PostgresException e) when (TimeConflicts.LostTheTime(e))
        {
            // R5: another appointment holds this time, or took it first in a race; the database decided.
            return AppointmentsErrors.SlotTaken;
        }

        // What was written, for this request's notice and answer: the set-up names the provider and place (R5 decided the time).
        var provider = setup.Provider(slot.ProviderId)!;
        var place = locationId is { } at ? setup.Location(at) : null;
        var booked = new AppointmentFacts(
            id, clinic.ClinicId, request.PatientId, type.NameEn, type.NameFr, type.Mode, provider.Name, provider.Title, place?.Name, place?.Address,
            slot.StartsAt.ToUniversalTime(), slot.EndsAt.ToUniversalTime(), status, Sequence: 0);
        facts.Inserted(booked);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Booked, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, id.ToString(),
                new { by = "patient", slot.ProviderId, typeId = type.Id, slot.StartsAt, status }),
            cancellationToken);
        IIntegrationEvent announced = rules.ByRequest
            ? new AppointmentRequested(clinic.ClinicId, request.PatientId, id, slot.ProviderId, slot.StartsAt, slot.EndsAt)
            : new AppointmentBooked(clinic.ClinicId, request.PatientId, id, slot.ProviderId, slot.StartsAt, slot.EndsAt, ByPatient: true);
        await events.PublishAsync(announced, cancellationToken);
        return await views.BookedAsync(booked, type.Id, slot.ProviderId, locationId, rules.ChangeWindowMinutes, now, cancellationToken);
    }
}

internal sealed class BookMyAppointmentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyAppointments()
            .MapPost("/", async Task<Results<Created<MyAppointmentView>, ErrorHttpResult>> (
                    BookMyAppointmentBody body, IActorContext actor, ClinicContext clinic, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new BookMyAppointmentCommand(actor.Actor.Id!.Value, body), cancellationToken))
                .ToHttp(view => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/portal/appointments/{view.Id}", view)))
            .WithName("BookMyAppointment")
            .ValidatedAs<BookMyAppointmentCommand>()
            .WithSummary("Books a free slot for the signed-in patient: an appointment type bookable online, one of its providers, and a startsAt from the free slots.")
            .WithDescription("The signed-in patient of the clinic, for themselves only, under the clinic's booking rules: status booked, or requested when the " +
                "clinic approves online bookings first. 400 too_soon (inside the minimum notice), too_far_ahead (past the last bookable day), slot_not_offered " +
                "(not a free slot at all); 409 too_many_upcoming (the most upcoming online bookings), slot_taken (\"that time was just taken\"), booking_hidden " +
                "(the clinic hides the status a booking would have from patients, S9).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
}
