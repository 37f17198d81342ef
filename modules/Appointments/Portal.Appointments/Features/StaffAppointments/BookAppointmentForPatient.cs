using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Contracts;
using Portal.Appointments.Scheduling;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <summary>What staff send to book for a patient of the clinic.</summary>
/// <param name="TypeId">Any active type of the clinic, staff-only ones included.</param>
/// <param name="ProviderId">A provider who offers the type.</param>
/// <param name="StartsAt">A free slot's startsAt; with anyTime, any whole minute.</param>
/// <param name="AnyTime">Book this exact time even if it is not a free slot (outside the provider's hours, say); another appointment holding the time still makes it 409.</param>
/// <param name="LocationId">With anyTime, where an in-person appointment takes place; a free slot brings its own location.</param>
/// <param name="StaffNote">For the clinic's staff only, at most 1000 characters; patients never see it.</param>
internal sealed record BookAppointmentForPatientBody(
    Guid PatientId, Guid TypeId, Guid ProviderId, DateTimeOffset StartsAt, bool AnyTime = false, Guid? LocationId = null, string? StaffNote = null);

internal sealed record BookAppointmentForPatientCommand(BookAppointmentForPatientBody Booking) : ICommand<StaffAppointmentView>, IChangesBookedTime;

internal sealed class BookAppointmentForPatientValidator : AbstractValidator<BookAppointmentForPatientCommand>
{
    public BookAppointmentForPatientValidator()
    {
        RuleFor(x => x.Booking.StartsAt).IsAppointmentStart().OverridePropertyName("startsAt");
        RuleFor(x => x.Booking.StaffNote).IsOptionalText(1000).OverridePropertyName("staffNote");
    }
}

internal sealed class BookAppointmentForPatientHandler(
    IDbSession db, ClinicContext clinic, ScheduleStore store, StaffAppointmentChanges changes, StaffAppointmentViews views, IPatientDirectory patients,
    IAuditLog audit, IIntegrationEvents events, TimeProvider clock)
    : IRequestHandler<BookAppointmentForPatientCommand, Result<StaffAppointmentView>>
{
    public async Task<Result<StaffAppointmentView>> Handle(BookAppointmentForPatientCommand request, CancellationToken cancellationToken)
    {
        var booking = request.Booking;
        if (await patients.GetContactDetailsAsync(clinic.ClinicId, booking.PatientId, cancellationToken) is null)
        {
            return AppointmentsErrors.PatientNotFound;
        }

        var type = await store.FindTypeAsync(clinic.ClinicId, booking.TypeId, cancellationToken);
        if (type is null || !type.Active)
        {
            return AppointmentsErrors.UnknownType;
        }

        var planned = await changes.PlanAsync(type, booking.ProviderId, booking.StartsAt, booking.AnyTime, booking.LocationId, cancellationToken);
        if (!planned.IsSuccess)
        {
            return planned.Error!;
        }

        var time = planned.Value;
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var inserted = await StaffAppointmentChanges.HoldingTimeAsync(() => db.ExecuteAsync(
            """
            insert into appointments.appointments
                (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by, staff_note,
                 created_at, updated_at, status_changed_at)
            values (@id, @ClinicId, @PatientId, @ProviderId, @TypeId, @LocationId, @StartsAt, @EndsAt, tstzrange(@OccupiedFrom, @OccupiedTo, '[)'),
                    @Status, 'staff', @StaffNote, @now, @now, @now)
            """,
            new
            {
                id, clinic.ClinicId, booking.PatientId, time.ProviderId, TypeId = type.Id, time.LocationId, time.StartsAt, time.EndsAt, time.OccupiedFrom,
                time.OccupiedTo, Status = AppointmentStatusCodes.Booked, StaffNote = booking.StaffNote?.Trim(), now,
            },
            cancellationToken));
        if (!inserted.IsSuccess)
        {
            return inserted.Error!;
        }

        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Booked, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, id.ToString(),
                new { by = "staff", to = AppointmentStatusCodes.Booked, booking.PatientId, time.ProviderId, typeId = type.Id, time.StartsAt, booking.AnyTime }),
            cancellationToken);
        await events.PublishAsync(
            new AppointmentBooked(clinic.ClinicId, booking.PatientId, id, time.ProviderId, time.StartsAt, time.EndsAt, ByPatient: false), cancellationToken);
        return (await views.FindAsync(id, cancellationToken))!;
    }
}

internal sealed class BookAppointmentForPatientEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointments()
            .MapPost("/", async Task<Results<Created<StaffAppointmentView>, ErrorHttpResult>> (
                    BookAppointmentForPatientBody body, ClinicContext clinic, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new BookAppointmentForPatientCommand(body), cancellationToken))
                .ToHttp(view => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/appointments/{view.Id}", view)))
            .WithName("BookAppointmentForPatient")
            .ValidatedAs<BookAppointmentForPatientCommand>()
            .WithSummary("Books an appointment for a patient of the clinic: any active type (staff-only included), one of its providers, and a free slot, " +
                "or with anyTime an exact time of the staff member's choosing.")
            .WithDescription("Any staff member of the clinic. 404 patient_not_found for a patient not of this clinic; 400 appointment_type_not_found, " +
                "provider_not_found, slot_not_offered, location_required or location_not_found; 409 slot_taken (\"that time was just taken\") " +
                "when another appointment of the provider holds any of the time.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
