using Portal.Appointments.Scheduling;
using Portal.Registration.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <param name="DisplayName">The preferred or legal given name with the family name; null when the chart is gone.</param>
internal sealed record StaffAppointmentPatient(Guid Id, string? DisplayName);

/// <param name="Mode">in_person or virtual.</param>
internal sealed record StaffAppointmentType(Guid Id, string NameEn, string NameFr, string Mode);

internal sealed record StaffAppointmentProvider(Guid Id, string Name, string? Title);

internal sealed record StaffAppointmentLocation(Guid Id, string Name);

/// <summary>An appointment as the clinic's staff see it in a calendar.</summary>
/// <param name="Location">Where; null for a virtual appointment.</param>
/// <param name="StartsAt">In the clinic's time zone, with the offset in force that day.</param>
/// <param name="Status">requested, booked, confirmed, arrived, in_room, completed, cancelled, no_show, rescheduled or declined.</param>
/// <param name="BookedBy">patient or staff.</param>
/// <param name="NextStatuses">The statuses it may move to from its status now.</param>
internal sealed record StaffAppointmentView(
    Guid Id, StaffAppointmentPatient Patient, StaffAppointmentType Type, StaffAppointmentProvider Provider, StaffAppointmentLocation? Location,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string BookedBy, IReadOnlyList<string> NextStatuses);

/// <summary>Which of the clinic's appointments to read: one by id, or those meeting a time range (of a provider, a location, or all).</summary>
internal sealed record StaffAppointmentFilter(Guid? Id, DateTimeOffset? From = null, DateTimeOffset? To = null, Guid? ProviderId = null, Guid? LocationId = null);

/// <summary>An appointment's row with what staff see beyond the calendar.</summary>
internal sealed record StaffAppointmentRow(
    Guid Id, Guid PatientId, Guid TypeId, string NameEn, string NameFr, string Mode, Guid ProviderId, string ProviderName, string? ProviderTitle,
    Guid? LocationId, string? LocationName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string BookedBy, string? PatientNote,
    string? StaffNote, string? CancelledBy, string? CancelReason, int Sequence, DateTimeOffset CreatedAt);

/// <summary>The clinic's appointments as its staff see them, with the patients' names from the registry.</summary>
internal sealed class StaffAppointmentViews(IDbSession db, ClinicContext clinic, IPatientDirectory patients)
{
    /// <summary>The longest an appointment type lasts (0001's check): an appointment meeting a range starts at most this long before it.</summary>
    private static readonly TimeSpan LongestAppointment = TimeSpan.FromMinutes(480);

    private const string Select =
        """
        select a.id, a.patient_id, a.type_id, t.name_en, t.name_fr, t.mode, a.provider_id, p.name as provider_name, p.title as provider_title,
               a.location_id, l.name as location_name, a.starts_at, a.ends_at, a.status, a.booked_by, a.patient_note, a.staff_note,
               a.cancelled_by, a.cancel_reason, a.sequence, a.created_at
        from appointments.appointments a
        join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id
        join appointments.providers p on p.clinic_id = a.clinic_id and p.id = a.provider_id
        left join appointments.locations l on l.clinic_id = a.clinic_id and l.id = a.location_id
        where a.clinic_id = @ClinicId
        """;

    public TimeZoneInfo Zone => ClinicTime.Zone(clinic.Clinic.TimeZone);

    public async Task<IReadOnlyList<StaffAppointmentRow>> RowsAsync(StaffAppointmentFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // Fixed fragments, one statement per kind of filter, so each keeps its own prepared plan.
        var sql = Select
                  + (filter.Id is null ? "" : " and a.id = @Id")
                  + (filter.From is null ? "" : " and a.starts_at >= @Earliest and a.starts_at < @To and a.ends_at > @From")
                  + (filter.ProviderId is null ? "" : " and a.provider_id = @ProviderId")
                  + (filter.LocationId is null ? "" : " and a.location_id = @LocationId")
                  + " order by a.starts_at, a.id";
        return await db.QueryAsync<StaffAppointmentRow>(
            sql,
            new
            {
                clinic.ClinicId, filter.Id, filter.From, filter.To, Earliest = filter.From - LongestAppointment, filter.ProviderId, filter.LocationId,
            },
            cancellationToken);
    }

    /// <summary>The rows as calendar entries, with the patients' names in one call to the registry.</summary>
    public async Task<IReadOnlyList<StaffAppointmentView>> ViewsAsync(IReadOnlyList<StaffAppointmentRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        var names = (await patients.GetContactDetailsAsync(clinic.ClinicId, rows.Select(r => r.PatientId).Distinct().ToList(), cancellationToken))
            .ToDictionary(p => p.PatientId, p => p.DisplayName);
        var zone = Zone;
        return rows.Select(r => View(r, zone, names.GetValueOrDefault(r.PatientId))).ToList();
    }

    public async Task<StaffAppointmentView?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await ViewsAsync(await RowsAsync(new StaffAppointmentFilter(id), cancellationToken), cancellationToken)).SingleOrDefault();

    public static StaffAppointmentView View(StaffAppointmentRow row, TimeZoneInfo zone, string? patientName)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new StaffAppointmentView(
            row.Id, new StaffAppointmentPatient(row.PatientId, patientName), new StaffAppointmentType(row.TypeId, row.NameEn, row.NameFr, row.Mode),
            new StaffAppointmentProvider(row.ProviderId, row.ProviderName, row.ProviderTitle),
            row.LocationId is { } location ? new StaffAppointmentLocation(location, row.LocationName!) : null,
            ClinicTime.InZone(zone, row.StartsAt), ClinicTime.InZone(zone, row.EndsAt), row.Status, row.BookedBy, AppointmentStatuses.MovesFrom(row.Status));
    }
}
