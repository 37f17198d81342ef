using Portal.Appointments.Scheduling;
using Portal.Shared.Database;

namespace Portal.Appointments.Reminders;

/// <summary>A clinic's reminders: how long before each appointment patients are reminded, and whether notices name the appointment's type.</summary>
/// <param name="OffsetsMinutes">Minutes before the start, largest first; empty for no reminders.</param>
/// <param name="NameType">Notices and reminders may say what the appointment is for (its type's name); otherwise only "appointment".</param>
internal sealed record ReminderSettings(IReadOnlyList<int> OffsetsMinutes, bool NameType, bool IsDefault)
{
    /// <summary>Two days and two hours before, without the type's name.</summary>
    public static ReminderSettings Default { get; } = new([2 * 24 * 60, 2 * 60], false, true);

    public const int MaxOffsets = 5;

    public const int MinOffsetMinutes = 15;

    /// <summary>Fourteen days: also how far ahead the reminder job looks.</summary>
    public const int MaxOffsetMinutes = 14 * 24 * 60;
}

/// <summary>
/// Reads clinics' reminder settings from the schedule set-up this host keeps (dropped on any change, ADR 22), and saves them;
/// what it saved it keeps for the rest of its scope (a request, a job run).
/// </summary>
internal sealed class ReminderSettingsStore(IDbSession db, ScheduleSetups setups)
{
    private readonly Dictionary<Guid, ReminderSettings> _saved = [];

    public async Task<ReminderSettings> GetAsync(Guid clinicId, CancellationToken cancellationToken) =>
        _saved.TryGetValue(clinicId, out var saved) ? saved : (await setups.ForClinicAsync(clinicId, cancellationToken)).Reminders;

    public async Task<ReminderSettings> SaveAsync(Guid clinicId, IReadOnlyList<int> offsetsMinutes, bool nameType, Guid? by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offsets = offsetsMinutes.Distinct().OrderDescending().ToArray();
        await db.ExecuteAsync(
            """
            insert into appointments.reminder_settings (clinic_id, offsets_minutes, name_type, updated_at, updated_by)
            values (@clinicId, @offsets, @nameType, @now, @by)
            on conflict (clinic_id) do update set offsets_minutes = excluded.offsets_minutes, name_type = excluded.name_type,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { clinicId, offsets, nameType, now, by },
            cancellationToken);
        return _saved[clinicId] = new ReminderSettings(offsets, nameType, false);
    }
}
