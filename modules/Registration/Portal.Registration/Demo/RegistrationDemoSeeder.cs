using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Demo;

/// <summary>
/// The demo clinic's patients: a few hundred made-up ones (<see cref="DemoPatients"/>), added once, when the
/// clinic has none, and its own ID type, defined when it has none.
/// </summary>
internal sealed class RegistrationDemoSeeder(
    IClinicDirectory clinics, IDbSession db, PatientStore store, IAuditLog audit, IIntegrationEvents events, IActorContext actor, TimeProvider clock)
    : IDemoDataSeeder
{
    public const int PatientCount = 300;
    public const int Seed = 20_240_601;

    public int Order => 30;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clinic = await clinics.FindBySlugAsync(context.ClinicSlug, cancellationToken)
            ?? throw new InvalidOperationException($"The demo clinic '{context.ClinicSlug}' does not exist.");
        var writer = new DemoPatientWriter(db, store, audit, events, actor, clock);
        var hasIdType = await writer.EnsureClinicIdTypeAsync(clinic.Id, cancellationToken);
        if (await writer.CountAsync(clinic.Id, cancellationToken) > 0)
        {
            return;
        }

        var patients = DemoPatients.Generate(PatientCount, Seed, clinicIdType: hasIdType ? DemoPatients.ClinicIdType : null);
        await writer.AddAsync(clinic.Id, patients, cancellationToken);
    }
}
