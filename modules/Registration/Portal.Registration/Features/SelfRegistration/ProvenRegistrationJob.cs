using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.SelfRegistration;

/// <summary>
/// Settles a proven registration off the request path, so the passcode check does the same work whether or not
/// the identifier is known (A6): an identifier already on a chart of the clinic makes no second chart and that
/// chart's contact of record is told; otherwise the chart is made inactive, waiting for staff's review.
/// Running it twice is safe: it only takes a registration still <c>proven</c>, locked.
/// </summary>
internal sealed class ProvenRegistrationJob(
    IDbSession db,
    IClinicDirectory clinics,
    SelfRegistrationStore registrations,
    PatientStore patients,
    SelfRegistrationNotices notices,
    IPortalSettings settings,
    IAuditLog audit,
    IIntegrationEvents events,
    TimeProvider clock)
{
    private static readonly Actor Job = Actor.System("self-registration-job");

    /// <summary>Settles the registration; false when it was not waiting (already settled, or another host has it).</summary>
    public async Task<bool> RunAsync(Guid registrationId, CancellationToken cancellationToken)
    {
        await db.BeginTransactionAsync(cancellationToken);
        var proven = await registrations.FindProvenForUpdateAsync(registrationId, cancellationToken);
        var clinic = proven is null ? null : await clinics.FindByIdAsync(proven.ClinicId, cancellationToken);
        if (proven is null || clinic is null)
        {
            await db.CommitAsync(cancellationToken);
            return false;
        }

        var now = clock.GetUtcNow();
        var record = SelfRegistrationStore.Deserialize(proven.Details!);
        if (await registrations.FindHolderAsync(clinic.Id, record.Identifiers, cancellationToken) is { } holder)
        {
            await registrations.SettleAsync(proven.Id, "already_registered", null, holder, cancellationToken);
            await notices.ToPatientAsync(
                clinic,
                holder,
                SelfRegistrationTemplates.AlreadyRegistered,
                new Dictionary<string, string> { ["clinic"] = clinic.Name, ["link"] = notices.SignInLink(clinic) },
                $"already-registered:{proven.Id}",
                cancellationToken);
            await audit.RecordAsync(
                new AuditEvent(SelfRegistrationAudit.Settled, clinic.Id, SelfRegistrationAudit.TargetType, proven.Id.ToString(),
                    new { outcome = "already_registered", patientId = holder }) { Actor = Job },
                cancellationToken);
        }
        else
        {
            var access = (await settings.GetAsync(clinic.Id, cancellationToken))?.NewPatientsGetAccess ?? false;
            var patientId = Guid.CreateVersion7(now);
            await patients.InsertAsync(clinic.Id, [new NewPatient(patientId, record with { Active = false }, access)], Job, now, cancellationToken);
            await registrations.SettleAsync(proven.Id, "pending_review", patientId, null, cancellationToken);
            await audit.RecordAsync(
                new AuditEvent(PatientAudit.Created, clinic.Id, PatientAudit.TargetType, patientId.ToString(),
                    new { changes = PatientChanges.Between(null, record), portalAccess = access, selfRegistration = proven.Id }) { Actor = Job },
                cancellationToken);
            await audit.RecordAsync(
                new AuditEvent(SelfRegistrationAudit.Settled, clinic.Id, SelfRegistrationAudit.TargetType, proven.Id.ToString(),
                    new { outcome = "pending_review", patientId }) { Actor = Job },
                cancellationToken);
            await events.PublishAsync(new PatientCreated(clinic.Id, patientId, access), cancellationToken);
        }

        await db.CommitAsync(cancellationToken);
        return true;
    }
}
