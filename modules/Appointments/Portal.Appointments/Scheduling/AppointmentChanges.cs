using Npgsql;
using Portal.Appointments.EarlierSlots;
using Portal.Appointments.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Scheduling;

/// <summary>Where and when an appointment will be, and the time it holds with its type's buffers.</summary>
internal sealed record PlannedTime(Guid ProviderId, Guid? LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset OccupiedFrom, DateTimeOffset OccupiedTo)
{
    public static PlannedTime Of(AppointmentTypeRow type, Guid providerId, Guid? locationId, DateTimeOffset startsAt)
    {
        ArgumentNullException.ThrowIfNull(type);
        var start = startsAt.ToUniversalTime();
        var end = start.AddMinutes(type.DurationMinutes);
        return new PlannedTime(
            providerId, type.IsVirtual ? null : locationId, start, end, start.AddMinutes(-type.BufferBeforeMinutes), end.AddMinutes(type.BufferAfterMinutes));
    }
}

/// <summary>An appointment as it was before a cancellation or a move, held (locked) by the caller's transaction.</summary>
internal sealed record HeldAppointment(
    Guid Id, Guid PatientId, Guid TypeId, Guid ProviderId, Guid? LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status);

/// <summary>
/// The two changes that give up an appointment's time, whoever makes them: a cancellation, and a move to another time.
/// Each writes the row, records the audit entry and announces the change in the caller's transaction (the notice, the
/// calendar update and the withdrawal of reminders follow from the event), so freeing a time has this one place: the time
/// given up is offered there to the patients asking for an earlier one (<see cref="EarlierSlotOffers"/>).
/// </summary>
internal sealed class AppointmentChanges(IDbSession db, ClinicContext clinic, IAuditLog audit, IIntegrationEvents events, EarlierSlotOffers offers)
{
    /// <param name="by">patient or staff.</param>
    public async Task CancelAsync(HeldAppointment appointment, string by, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        await db.ExecuteAsync(
            """
            update appointments.appointments
            set status = @Cancelled, cancelled_by = @by, cancel_reason = @reason, updated_at = @now, status_changed_at = @now, sequence = sequence + 1
            where clinic_id = @ClinicId and id = @Id
            """,
            new { Cancelled = AppointmentStatusCodes.Cancelled, by, reason = reason?.Trim(), now, clinic.ClinicId, appointment.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Cancelled, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, appointment.Id.ToString(),
                new { by, from = appointment.Status, to = AppointmentStatusCodes.Cancelled }),
            cancellationToken);
        await events.PublishAsync(
            new AppointmentCancelled(
                clinic.ClinicId, appointment.PatientId, appointment.Id, appointment.ProviderId, appointment.StartsAt, appointment.EndsAt, ByPatient: by == "patient"),
            cancellationToken);
        await offers.FreedAsync(
            clinic.ClinicId, appointment.Id, appointment.TypeId, appointment.ProviderId, appointment.LocationId, appointment.StartsAt, appointment.EndsAt,
            cancelled: true, now, cancellationToken);
    }

    /// <summary>
    /// Moves the same row to <paramref name="time"/> (its id, patient and status stay; calendars holding it update, sequence + 1).
    /// Another appointment of the provider holding any of the new time makes it 409 slot_taken, and the caller's transaction
    /// rolls back with the failure, so the old time is never given up without the new one.
    /// </summary>
    /// <param name="by">patient or staff.</param>
    /// <param name="details">More for the audit entry, beside who moved it and from where to where.</param>
    public async Task<Result<PlannedTime>> MoveAsync(
        HeldAppointment appointment, PlannedTime time, string by, DateTimeOffset now, object? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(time);
        var moved = await HoldingTimeAsync(() => db.ExecuteAsync(
            """
            update appointments.appointments
            set provider_id = @ProviderId, location_id = @LocationId, starts_at = @StartsAt, ends_at = @EndsAt,
                occupied = tstzrange(@OccupiedFrom, @OccupiedTo, '[)'), updated_at = @now, sequence = sequence + 1
            where clinic_id = @ClinicId and id = @Id
            """,
            new { time.ProviderId, time.LocationId, time.StartsAt, time.EndsAt, time.OccupiedFrom, time.OccupiedTo, now, clinic.ClinicId, appointment.Id },
            cancellationToken));
        if (!moved.IsSuccess)
        {
            return moved.Error!;
        }

        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Moved, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, appointment.Id.ToString(), new
            {
                by, fromProviderId = appointment.ProviderId, fromStartsAt = appointment.StartsAt, time.ProviderId, time.StartsAt, more = details,
            }),
            cancellationToken);
        await events.PublishAsync(
            new AppointmentRescheduled(
                clinic.ClinicId, appointment.PatientId, appointment.Id, time.ProviderId, appointment.StartsAt, time.StartsAt, time.EndsAt,
                ByPatient: by == "patient"),
            cancellationToken);
        await offers.FreedAsync(
            clinic.ClinicId, appointment.Id, appointment.TypeId, appointment.ProviderId, appointment.LocationId, appointment.StartsAt, appointment.EndsAt,
            cancelled: false, now, cancellationToken);
        return time;
    }

    /// <summary>Runs a change that gives an appointment its time; another appointment of the provider holding any of it makes it 409 slot_taken.</summary>
    public static async Task<Result<T>> HoldingTimeAsync<T>(Func<Task<T>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return await change();
        }
        catch (PostgresException e) when (TimeConflicts.LostTheTime(e))
        {
            // R5: the provider's time went to another appointment first; the database decided.
            return AppointmentsErrors.SlotTaken;
        }
    }
}
