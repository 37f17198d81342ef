using FluentValidation;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <summary>An appointment held for a change until the transaction ends.</summary>
internal sealed record LockedAppointment(
    Guid Id, Guid PatientId, Guid ProviderId, Guid TypeId, Guid? LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status)
{
    /// <summary>The appointment as a cancellation or a move takes it (<see cref="AppointmentChanges"/>).</summary>
    public HeldAppointment Held => new(Id, PatientId, TypeId, ProviderId, LocationId, StartsAt, EndsAt, Status);
}

/// <summary>
/// What staff changes share: holding an appointment, checking a time, the database's answer to a taken one (R5), a move of status with
/// its audit entry, and the appointment as staff see it after the change.
/// </summary>
internal sealed class StaffAppointmentChanges(
    IDbSession db, ClinicContext clinic, ScheduleStore store, FreeSlots slots, StaffAppointmentViews views, IAuditLog audit)
{
    /// <summary>
    /// One staff change to the clinic's appointment: it is locked (404 appointment_not_found for none), <paramref name="refusal"/> says why
    /// it may not change (null when it may), <paramref name="change"/> makes the change or answers why not, and the answer is the
    /// appointment as staff then see it.
    /// </summary>
    public async Task<Result<StaffAppointmentView>> ChangeAsync(
        Guid id, Func<LockedAppointment, Error?> refusal, Func<LockedAppointment, Task<Error?>> change, CancellationToken cancellationToken)
    {
        var current = await LockAsync(id, cancellationToken);
        if (current is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        if (refusal(current) is { } refused)
        {
            return refused;
        }

        if (await change(current) is { } failed)
        {
            return failed;
        }

        return (await views.FindAsync(current.Id, cancellationToken))!;
    }

    /// <summary>The same, for a change that cannot fail once allowed.</summary>
    public Task<Result<StaffAppointmentView>> ChangeAsync(
        Guid id, Func<LockedAppointment, Error?> refusal, Func<LockedAppointment, Task> change, CancellationToken cancellationToken) =>
        ChangeAsync(
            id,
            refusal,
            async Task<Error?> (current) =>
            {
                await change(current);
                return null;
            },
            cancellationToken);

    /// <summary>The clinic's appointment, locked against a concurrent change; null for none (another clinic's included).</summary>
    public Task<LockedAppointment?> LockAsync(Guid id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<LockedAppointment>(
            """
            select id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, status
            from appointments.appointments where clinic_id = @ClinicId and id = @id
            for update
            """,
            new { clinic.ClinicId, id },
            cancellationToken);

    /// <summary>
    /// The time asked for, with a provider of the type: a time its free slots offer (taken or not: the database decides that, R5),
    /// or with <paramref name="anyTime"/> any whole minute, outside the provider's hours included.
    /// </summary>
    /// <param name="locationId">Where, for an in-person type at any time; a free slot brings its own.</param>
    public async Task<Result<PlannedTime>> PlanAsync(
        AppointmentTypeRow type, Guid providerId, DateTimeOffset startsAt, bool anyTime, Guid? locationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!(await store.ProvidersOfTypeAsync(clinic.ClinicId, type.Id, cancellationToken)).Contains(providerId))
        {
            return AppointmentsErrors.UnknownProvider;
        }

        Guid? location = null;
        if (anyTime)
        {
            if (!type.IsVirtual)
            {
                if (locationId is not { } chosen)
                {
                    return AppointmentsErrors.LocationRequired;
                }

                if (!await db.QuerySingleAsync<bool>(
                        "select exists (select 1 from appointments.locations where clinic_id = @ClinicId and id = @chosen and active)",
                        new { clinic.ClinicId, chosen },
                        cancellationToken))
                {
                    return AppointmentsErrors.UnknownLocation;
                }

                location = chosen;
            }
        }
        else
        {
            // Taken slots stay in: whether the time is still free is the no-overlap rule's to decide, which also lets a move overlap its own old time.
            var day = ClinicTime.LocalDate(slots.Zone, startsAt);
            var slot = (await slots.FindAsync(type, providerId, day, day, ignoreTaken: true, cancellationToken)).FirstOrDefault(s => s.StartsAt == startsAt);
            if (slot is null)
            {
                return AppointmentsErrors.SlotNotOffered;
            }

            location = type.IsVirtual ? null : slot.LocationId;
        }

        var start = startsAt.ToUniversalTime();
        var end = start.AddMinutes(type.DurationMinutes);
        return new PlannedTime(providerId, location, start, end, start.AddMinutes(-type.BufferBeforeMinutes), end.AddMinutes(type.BufferAfterMinutes));
    }

    /// <summary>Runs a change that gives an appointment its time; another appointment of the provider holding any of it makes it 409 slot_taken.</summary>
    public static Task<Result<T>> HoldingTimeAsync<T>(Func<Task<T>> change) => AppointmentChanges.HoldingTimeAsync(change);

    /// <summary>
    /// Moves the appointment to <paramref name="status"/>, noting when, and records it as <paramref name="action"/> by staff;
    /// <paramref name="newVersion"/> when calendars should update (sequence + 1).
    /// </summary>
    public async Task SetStatusAsync(
        LockedAppointment current, string status, string action, DateTimeOffset now, bool newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        await db.ExecuteAsync(
            """
            update appointments.appointments
            set status = @status, updated_at = @now, status_changed_at = @now, sequence = sequence + case when @newVersion then 1 else 0 end
            where clinic_id = @ClinicId and id = @Id
            """,
            new { status, now, newVersion, clinic.ClinicId, current.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(action, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, current.Id.ToString(),
                new { by = "staff", from = current.Status, to = status }),
            cancellationToken);
    }
}

internal static class StaffAppointmentRules
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A start on a whole minute within this century, so no arithmetic on it can overflow.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset> IsAppointmentStart<T>(this IRuleBuilder<T, DateTimeOffset> rule) =>
        rule.Must(s => s >= Earliest && s < Latest && s.Second == 0 && s.Millisecond == 0 && s.Microsecond == 0 && s.Nanosecond == 0)
            .WithMessage("Give a start on a whole minute, between the years 2000 and 2099.").WithErrorCode("start_invalid");

    /// <summary>Optional text: absent or not blank, at most <paramref name="max"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> IsOptionalText<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.MaximumLength(max).Must(n => n is null || n.Trim().Length > 0).WithMessage("Leave it out rather than blank.");
}
