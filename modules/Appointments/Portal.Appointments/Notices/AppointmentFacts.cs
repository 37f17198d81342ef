using Portal.Shared.Database;

namespace Portal.Appointments.Notices;

/// <summary>What a notice, a reminder or a calendar file says of one appointment, as it is now.</summary>
/// <param name="Mode">in_person or virtual.</param>
/// <param name="Sequence">Bumped by every change of time or status: the calendar file's SEQUENCE.</param>
internal sealed record AppointmentFacts(
    Guid Id, Guid ClinicId, Guid PatientId, string TypeNameEn, string TypeNameFr, string Mode, string ProviderName, string? ProviderTitle,
    string? LocationName, string? LocationAddress, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, int Sequence);

/// <summary>Reads appointments with their type, provider and location, for notices and calendar files.</summary>
internal sealed class AppointmentFactsReader(IDbSession db)
{
    private readonly Dictionary<(Guid ClinicId, Guid Id), AppointmentFacts> _written = [];

    private const string Select =
        """
        select a.id, a.clinic_id, a.patient_id, t.name_en as type_name_en, t.name_fr as type_name_fr, t.mode,
               p.name as provider_name, p.title as provider_title, l.name as location_name, l.address as location_address,
               a.starts_at, a.ends_at, a.status, a.sequence
        """;

    private const string Joins =
        """
        join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id
        join appointments.providers p on p.clinic_id = a.clinic_id and p.id = a.provider_id
        left join appointments.locations l on l.clinic_id = a.clinic_id and l.id = a.location_id
        """;

    /// <summary>The appointments named by (clinic, id) pairs; pairs that name nothing are left out.</summary>
    public async Task<IReadOnlyList<AppointmentFacts>> ReadAsync(IReadOnlyCollection<(Guid ClinicId, Guid Id)> appointments, CancellationToken cancellationToken)
    {
        if (appointments.Count <= 1)
        {
            return appointments.Count == 0 || await ReadAsync(appointments.First().ClinicId, appointments.First().Id, cancellationToken) is not { } one ? [] : [one];
        }

        return await db.QueryAsync<AppointmentFacts>(
            $"""
            {Select}
            from unnest(@clinicIds, @ids) as wanted(clinic_id, id)
            join appointments.appointments a on a.clinic_id = wanted.clinic_id and a.id = wanted.id
            {Joins}
            """,
            new { clinicIds = appointments.Select(a => a.ClinicId).ToArray(), ids = appointments.Select(a => a.Id).ToArray() },
            cancellationToken);
    }

    /// <summary>
    /// An appointment this scope has just inserted, exactly as it wrote it: the notices of its own request read it from here
    /// rather than from the database. Only for a row the scope does not change again.
    /// </summary>
    public void Inserted(AppointmentFacts appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        _written[(appointment.ClinicId, appointment.Id)] = appointment;
    }

    /// <summary>One appointment: its own statement, which PostgreSQL plans once per connection where the list's is planned every time.</summary>
    public async Task<AppointmentFacts?> ReadAsync(Guid clinicId, Guid id, CancellationToken cancellationToken) =>
        _written.TryGetValue((clinicId, id), out var inserted) ? inserted : await db.QuerySingleOrDefaultAsync<AppointmentFacts>(
            $"""
            {Select}
            from appointments.appointments a
            {Joins}
            where a.clinic_id = @clinicId and a.id = @id
            """,
            new { clinicId, id },
            cancellationToken);
}
