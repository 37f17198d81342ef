using Portal.Shared.Events;

namespace Portal.Registration.Contracts;

/// <summary>A patient was added to the clinic's registry (by staff, by import, or by self-registration).</summary>
public sealed record PatientCreated(Guid ClinicId, Guid PatientId, bool PortalAccess) : IIntegrationEvent;

/// <summary>A patient's email addresses or mobile numbers changed; sign-in matches the new ones from now on.</summary>
public sealed record PatientContactsChanged(
    Guid ClinicId, Guid PatientId, IReadOnlyList<ContactPoint> Before, IReadOnlyList<ContactPoint> After) : IIntegrationEvent;

/// <summary>A patient's portal access (S11) was turned on or off, or the patient was deactivated or reactivated.</summary>
public sealed record PatientPortalAccessChanged(Guid ClinicId, Guid PatientId, bool PortalAccess, bool Active) : IIntegrationEvent;
