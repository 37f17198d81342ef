using Portal.Appointments.Contracts;
using Portal.Shared.Database;

namespace Portal.Appointments.Facts;

/// <summary>The Appointments side of <see cref="IAppointmentFacts"/>: plain reads, always by clinic.</summary>
internal sealed class AppointmentFacts(IDbSession db) : IAppointmentFacts
{
    private const string Select = """
        select a.id, a.patient_id, a.type_id, t.name_en as type_name_en, t.name_fr as type_name_fr, a.starts_at, a.ends_at, a.status
        from appointments.appointments a
        join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id
        """;

    public async Task<AppointmentFact?> FindAsync(Guid clinicId, Guid appointmentId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<AppointmentFact>(
            Select + " where a.clinic_id = @clinicId and a.id = @appointmentId", new { clinicId, appointmentId }, cancellationToken);

    public async Task<IReadOnlyList<AppointmentFact>> FindForPatientAsync(
        Guid clinicId, Guid patientId, IReadOnlyCollection<Guid> appointmentIds, CancellationToken cancellationToken) =>
        appointmentIds.Count == 0
            ? []
            : await db.QueryAsync<AppointmentFact>(
                Select + " where a.clinic_id = @clinicId and a.patient_id = @patientId and a.id = any(@ids)",
                new { clinicId, patientId, ids = appointmentIds.ToArray() }, cancellationToken);

    public async Task<IReadOnlyList<AppointmentTypeFact>> TypesAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await db.QueryAsync<AppointmentTypeFact>(
            "select id, name_en, name_fr, active from appointments.appointment_types where clinic_id = @clinicId order by name_en, id",
            new { clinicId }, cancellationToken);
}
