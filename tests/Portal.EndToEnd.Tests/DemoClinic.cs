namespace Portal.EndToEnd.Tests;

/// <summary>The demo clinic as build/run seeds it, with its made-up patients, in a test's app.</summary>
internal static class DemoClinic
{
    /// <summary>Seeds the demo clinic and returns it with its admin's credentials.</summary>
    public static async Task<(TestClinic Clinic, StaffCredentials Admin)> SeedAsync(PortalApp app)
    {
        var file = Path.Combine(app.FilesRoot, "demo-credentials.txt");
        var seeded = await app.RunCliAsync("demo seed", "--clinic", "demo", "--credentials-file", file);
        seeded.Exit.ShouldBe(0, seeded.Output);
        var admin = (await File.ReadAllLinesAsync(file))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(fields => fields[0] == "admin");
        var id = await app.QuerySingleAsync<Guid>("select id from settings.clinics where slug = 'demo'");
        var adminId = await app.QuerySingleAsync<Guid>("select id from identity.staff_users where email = @email", new { email = admin[1] });
        (await app.QuerySingleAsync<long>("select count(*) from registration.patients where clinic_id = @id", new { id })).ShouldBeGreaterThan(100);
        var credentials = new StaffCredentials(adminId, admin[1], admin[2], "admin");
        return (new TestClinic(id, "demo", "Demo", credentials, credentials, credentials), credentials);
    }

    /// <summary>
    /// A demo patient with portal access, an Ontario card and the contact point of the kind asked for, who prefers
    /// <paramref name="language"/>: once signed in, the portal speaks the patient's preferred language.
    /// </summary>
    public static Task<DemoPatient> PatientWithAccessAsync(PortalApp app, Guid clinicId, string contactKind, int skip = 0, string language = "en") =>
        app.QuerySingleAsync<DemoPatient>(
            """
            select p.id, i.number as health_number, c.value as contact,
                   coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name as display_name
            from registration.patients p
            join registration.patient_identifiers i on i.patient_id = p.id and i.id_type = 'ON'
            join registration.patient_contacts c on c.patient_id = p.id and c.kind = @contactKind and c.position = 0
            where p.clinic_id = @clinicId and p.portal_access and p.active and p.preferred_language = @language
            order by p.sort_key
            offset @skip limit 1
            """,
            new { clinicId, contactKind, skip, language });
}

internal sealed record DemoPatient(Guid Id, string HealthNumber, string Contact, string DisplayName);
