namespace Portal.Appointments.Contracts;

/// <summary>An appointment as other modules see it.</summary>
/// <param name="Status">requested, booked, confirmed, arrived, in_room, completed, cancelled, no_show, rescheduled or declined.</param>
public sealed record AppointmentFact(
    Guid Id, Guid PatientId, Guid TypeId, string TypeNameEn, string TypeNameFr, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status);

/// <summary>An appointment type as other modules see it.</summary>
public sealed record AppointmentTypeFact(Guid Id, string NameEn, string NameFr, bool Active);

/// <summary>
/// Read-only facts about a clinic's appointments for other modules (Questionnaires attaches pre-visit tasks to them).
/// Every call names the clinic: another clinic's appointment or type is not found.
/// </summary>
public interface IAppointmentFacts
{
    /// <summary>The appointment, or null when the clinic has none with that id.</summary>
    Task<AppointmentFact?> FindAsync(Guid clinicId, Guid appointmentId, CancellationToken cancellationToken);

    /// <summary>The patient's appointments among <paramref name="appointmentIds"/>; others' are left out.</summary>
    Task<IReadOnlyList<AppointmentFact>> FindForPatientAsync(Guid clinicId, Guid patientId, IReadOnlyCollection<Guid> appointmentIds, CancellationToken cancellationToken);

    /// <summary>The clinic's appointment types, active or not, by name.</summary>
    Task<IReadOnlyList<AppointmentTypeFact>> TypesAsync(Guid clinicId, CancellationToken cancellationToken);
}
