using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;

namespace Portal.Registration.Demo;

/// <summary>Adds made-up patients to a clinic in the caller's transaction, as an import would: one audit entry, an event each.</summary>
internal sealed class DemoPatientWriter(IDbSession db, PatientStore store, IAuditLog audit, IIntegrationEvents events, IActorContext actor, TimeProvider clock)
{
    /// <summary>Defines the demo clinic ID type when the clinic has no ID types of its own; returns whether the clinic has it.</summary>
    public async Task<bool> EnsureClinicIdTypeAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(
            """
            insert into registration.id_types (clinic_id, code, name_en, name_fr, searchable, created_at, updated_at)
            select @clinicId, @code, @nameEn, @nameFr, true, @now, @now
            where not exists (select 1 from registration.id_types where clinic_id = @clinicId)
            on conflict (clinic_id, code) do nothing
            """,
            new
            {
                clinicId,
                code = DemoPatients.ClinicIdType,
                nameEn = DemoPatients.ClinicIdTypeNameEn,
                nameFr = DemoPatients.ClinicIdTypeNameFr,
                now = clock.GetUtcNow(),
            },
            cancellationToken);
        return await HasClinicIdTypeAsync(clinicId, cancellationToken);
    }

    public Task<bool> HasClinicIdTypeAsync(Guid clinicId, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from registration.id_types where clinic_id = @clinicId and code = @code)",
            new { clinicId, code = DemoPatients.ClinicIdType },
            cancellationToken);

    public Task<int> CountAsync(Guid clinicId, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<int>("select count(*)::integer from registration.patients where clinic_id = @clinicId", new { clinicId }, cancellationToken);

    public async Task AddAsync(Guid clinicId, IReadOnlyList<GeneratedPatient> generated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generated);
        if (generated.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var patients = generated.Select(p => p.ToNewPatient(Guid.CreateVersion7(now))).ToList();
        await store.InsertAsync(clinicId, patients, actor.Actor, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(DemoPatients.GeneratedAudit, clinicId, "clinic", clinicId.ToString(), new { generated = patients.Count }),
            cancellationToken);
        foreach (var patient in patients)
        {
            await events.PublishAsync(new PatientCreated(clinicId, patient.Id, patient.PortalAccess), cancellationToken);
        }
    }
}
