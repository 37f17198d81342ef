using Portal.Shared.Events;

namespace Portal.Appointments.Contracts;

// Each event is published inside the transaction of the change it announces: a handler's outbox rows (a notice,
// a calendar update) commit or roll back with it.

/// <summary>An appointment was booked (by the patient online or by staff), or a request for it was approved.</summary>
public sealed record AppointmentBooked(
    Guid ClinicId, Guid PatientId, Guid AppointmentId, Guid ProviderId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool ByPatient) : IIntegrationEvent;

/// <summary>A patient asked for a time that the clinic's staff approve or decline (request-then-approval booking).</summary>
public sealed record AppointmentRequested(
    Guid ClinicId, Guid PatientId, Guid AppointmentId, Guid ProviderId, DateTimeOffset StartsAt, DateTimeOffset EndsAt) : IIntegrationEvent;

/// <summary>Staff declined a requested appointment; its time is free again.</summary>
public sealed record AppointmentDeclined(
    Guid ClinicId, Guid PatientId, Guid AppointmentId, Guid ProviderId, DateTimeOffset StartsAt, DateTimeOffset EndsAt) : IIntegrationEvent;

/// <summary>An appointment moved to another time (and perhaps provider); the previous time is free again.</summary>
public sealed record AppointmentRescheduled(
    Guid ClinicId, Guid PatientId, Guid AppointmentId, Guid ProviderId, DateTimeOffset PreviousStartsAt, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    bool ByPatient) : IIntegrationEvent;

/// <summary>An appointment was cancelled (by the patient or by staff); its time is free again.</summary>
public sealed record AppointmentCancelled(
    Guid ClinicId, Guid PatientId, Guid AppointmentId, Guid ProviderId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool ByPatient) : IIntegrationEvent;
