using MediatR;
using Portal.Settings.Clinics;
using Portal.Settings.Features.Clinics;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Settings.Demo;

/// <summary>The demo clinic of the embedded default, with its portal on so that its page shows something.</summary>
internal sealed class SettingsDemoSeeder(IMediator mediator, IDbSession db, IAuditLog audit, IClinicDirectory clinics, TimeProvider clock)
    : IDemoDataSeeder
{
    public const string DemoClinicName = "Demo Family Clinic";

    public int Order => 10;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await clinics.FindBySlugAsync(context.ClinicSlug, cancellationToken) is not null)
        {
            return;
        }

        var created = await mediator.Send(
            new CreateClinicCommand(context.ClinicSlug, DemoClinicName, "America/Toronto", "en", OwnerEmail: null, OwnerName: null),
            cancellationToken);
        var clinicId = created.Value.ClinicId;
        await db.ExecuteAsync(
            """
            update settings.portal_settings
            set portal_enabled = true, new_patients_get_access = true, version = version + 1, updated_at = @now
            where clinic_id = @clinicId
            """,
            new { clinicId, now = clock.GetUtcNow() },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("settings.portal.updated", clinicId, "portal_settings", clinicId.ToString(), new
            {
                changes = new { portalEnabled = new { from = false, to = true }, newPatientsGetAccess = new { from = false, to = true } },
            }),
            cancellationToken);
        await SettingsNotifications.NotifyChangedAsync(db, clinicId, cancellationToken);
    }
}
