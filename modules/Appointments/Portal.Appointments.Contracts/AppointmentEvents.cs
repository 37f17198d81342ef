using Portal.Shared.Events;

namespace Portal.Appointments.Contracts;

/// <summary>
/// An appointment was booked (by the patient online or by staff). Published inside the booking transaction:
/// a handler's outbox rows (a confirmation, reminders) commit or roll back with the booking.
/// </summary>
public sealed record AppointmentBooked(
    Guid ClinicId, Guid PatientId, Guid AppointmentId, Guid ProviderId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool ByPatient) : IIntegrationEvent;
