using Portal.Appointments.Notices;
using Portal.Shared.Database;

namespace Portal.Appointments.Reminders;

/// <summary>The record of each appointment's reminders (<c>appointments.reminders</c>): what was queued, what was passed over.</summary>
internal sealed class ReminderLedger(IDbSession db, ReminderSettingsStore settings)
{
    /// <summary>
    /// An appointment just got its time: reminders whose moment has already passed are passed over, since the
    /// booking or change notice has just told the patient, and the nearest reminder still to come goes on its own.
    /// </summary>
    public async Task PassOverDueAsync(AppointmentFacts appointment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var offsets = (await settings.GetAsync(appointment.ClinicId, cancellationToken)).OffsetsMinutes
            .Where(offset => appointment.StartsAt.AddMinutes(-offset) <= now)
            .ToArray();
        if (offsets.Length == 0)
        {
            return;
        }

        await db.ExecuteAsync(
            """
            insert into appointments.reminders (clinic_id, appointment_id, starts_at, offset_minutes, outcome, recorded_at)
            select @ClinicId, @Id, @StartsAt, o, 'skipped', @now from unnest(@offsets) as o
            on conflict do nothing
            """,
            new { appointment.ClinicId, appointment.Id, StartsAt = appointment.StartsAt.ToUniversalTime(), offsets, now },
            cancellationToken);
    }

    /// <summary>The keys of the reminders queued for this appointment at any time other than <paramref name="exceptAt"/>.</summary>
    public async Task<IReadOnlyList<string>> QueuedKeysAsync(Guid clinicId, Guid appointmentId, DateTimeOffset? exceptAt, CancellationToken cancellationToken)
    {
        var queued = await db.QueryAsync<(DateTimeOffset StartsAt, int OffsetMinutes)>(
            """
            select starts_at, offset_minutes from appointments.reminders
            where clinic_id = @clinicId and appointment_id = @appointmentId and outcome = 'queued'
              and (@exceptAt::timestamptz is null or starts_at <> @exceptAt)
            """,
            new { clinicId, appointmentId, exceptAt = exceptAt?.ToUniversalTime() },
            cancellationToken);
        return queued.Select(r => AppointmentNotices.ReminderKey(appointmentId, r.StartsAt, r.OffsetMinutes)).ToList();
    }
}
