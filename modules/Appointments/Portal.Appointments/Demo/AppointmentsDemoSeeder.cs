using Portal.Appointments.Scheduling;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Demo;

/// <summary>
/// The demo clinic's appointments set-up, added once, when it has no provider: one office, three providers who work
/// there 09:00 to 12:00 and 13:00 to 16:00 on weekdays, two types patients book online (in person and virtual) and
/// one only staff book. No appointments: patients book from this real availability.
/// </summary>
internal sealed class AppointmentsDemoSeeder(IClinicDirectory clinics, IDbSession db, TimeProvider clock) : IDemoDataSeeder
{
    private sealed record DemoProvider(string Name, string Title, string[] Languages);

    private sealed record DemoType(string NameEn, string NameFr, int Minutes, string Mode, bool Online, int[] Providers);

    private static readonly DemoProvider[] Providers =
    [
        new("Dr. Amira Haddad", "MD", ["en", "fr"]),
        new("Dr. Louis Tremblay", "MD", ["fr", "en"]),
        new("Sam Okafor", "NP", ["en"]),
    ];

    private static readonly DemoType[] Types =
    [
        new("Follow-up visit", "Visite de suivi", 15, AppointmentModes.InPerson, true, [0, 1, 2]),
        new("Video consultation", "Consultation vidéo", 15, AppointmentModes.Virtual, true, [0, 2]),
        new("Annual physical", "Examen annuel", 45, AppointmentModes.InPerson, false, [0, 1]),
    ];

    public int Order => 40;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clinic = await clinics.FindBySlugAsync(context.ClinicSlug, cancellationToken)
            ?? throw new InvalidOperationException($"The demo clinic '{context.ClinicSlug}' does not exist.");
        var clinicId = clinic.Id;
        if (await db.QuerySingleAsync<bool>("select exists (select 1 from appointments.providers where clinic_id = @clinicId)", new { clinicId }, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var location = Guid.CreateVersion7(now);
        await db.ExecuteAsync(
            "insert into appointments.locations (id, clinic_id, name, address, created_at) values (@location, @clinicId, 'Main office', '100 Queen St, Ottawa ON', @now)",
            new { location, clinicId, now },
            cancellationToken);
        var providerIds = new List<Guid>();
        foreach (var provider in Providers)
        {
            var id = Guid.CreateVersion7(now);
            providerIds.Add(id);
            await db.ExecuteAsync(
                """
                insert into appointments.providers (id, clinic_id, name, title, languages, created_at) values (@id, @clinicId, @Name, @Title, @Languages, @now);
                insert into appointments.weekly_availability (id, clinic_id, provider_id, location_id, weekday, start_time, end_time)
                select gen_random_uuid(), @clinicId, @id, @location, d, w.start_time, w.end_time
                from generate_series(1, 5) d
                cross join (values (time '09:00', time '12:00'), (time '13:00', time '16:00')) w (start_time, end_time);
                """,
                new { id, clinicId, provider.Name, provider.Title, provider.Languages, now, location },
                cancellationToken);
        }

        foreach (var type in Types)
        {
            var id = Guid.CreateVersion7(now);
            await db.ExecuteAsync(
                """
                insert into appointments.appointment_types (id, clinic_id, name_en, name_fr, duration_minutes, mode, bookable_online, created_at)
                values (@id, @clinicId, @NameEn, @NameFr, @Minutes, @Mode, @Online, @now);
                insert into appointments.type_providers (clinic_id, type_id, provider_id) select @clinicId, @id, unnest(@providers);
                """,
                new { id, clinicId, type.NameEn, type.NameFr, type.Minutes, type.Mode, type.Online, now, providers = type.Providers.Select(p => providerIds[p]).ToArray() },
                cancellationToken);
        }
    }
}
