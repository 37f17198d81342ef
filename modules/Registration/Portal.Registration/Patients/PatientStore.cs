using Npgsql;
using NpgsqlTypes;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Registration.Patients;

/// <summary>A patient to add: its id, what was entered (normalised) and whether it starts with portal access.</summary>
internal sealed record NewPatient(Guid Id, PatientRecord Record, bool PortalAccess);

/// <summary>
/// Writes patients with their contact points and identifiers. New rows go in with binary COPY, one
/// path for a single patient from the form and for a hundred thousand from an import.
/// </summary>
internal sealed class PatientStore(IDbSession db, Directory.PatientNamesCache names)
{
    public const string ChartNumberIndex = "patients_chart_number";
    public const string IdentifierIndex = "patient_identifiers_unique";

    public async Task InsertAsync(Guid clinicId, IReadOnlyList<NewPatient> patients, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(actor);
        var connection = await db.GetConnectionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            copy registration.patients (
                id, clinic_id, chart_number, legal_given_name, legal_family_name, preferred_name, date_of_birth, sex, gender,
                address_line1, address_line2, address_city, address_region, address_postal_code, address_country,
                preferred_contact_method, preferred_language, active, portal_access, portal_access_changed_at, portal_access_changed_by,
                sort_key, name_words, list_id_type, list_id_number, list_id_version, list_email, list_mobile,
                version, created_at, created_by, updated_at, updated_by)
            from stdin (format binary)
            """,
            cancellationToken))
        {
            foreach (var patient in patients)
            {
                var r = patient.Record;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(patient.Id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(clinicId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteTextAsync(copy, r.ChartNumber, cancellationToken);
                await WriteTextAsync(copy, r.LegalGivenName, cancellationToken);
                await WriteTextAsync(copy, r.LegalFamilyName, cancellationToken);
                await WriteTextAsync(copy, r.PreferredName, cancellationToken);
                await copy.WriteAsync(r.DateOfBirth, NpgsqlDbType.Date, cancellationToken);
                await WriteTextAsync(copy, r.Sex, cancellationToken);
                await WriteTextAsync(copy, r.Gender, cancellationToken);
                await WriteTextAsync(copy, r.Address?.Line1, cancellationToken);
                await WriteTextAsync(copy, r.Address?.Line2, cancellationToken);
                await WriteTextAsync(copy, r.Address?.City, cancellationToken);
                await WriteTextAsync(copy, r.Address?.Province, cancellationToken);
                await WriteTextAsync(copy, r.Address?.PostalCode, cancellationToken);
                await WriteTextAsync(copy, r.Address?.Country, cancellationToken);
                await WriteTextAsync(copy, r.PreferredContactMethod, cancellationToken);
                await WriteTextAsync(copy, r.PreferredLanguage, cancellationToken);
                await copy.WriteAsync(r.Active, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(patient.PortalAccess, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteTextAsync(copy, actor.Label, cancellationToken);
                await WriteTextAsync(copy, r.SortKey, cancellationToken);
                await WriteTextAsync(copy, r.NameWords, cancellationToken);
                var listed = r.Listed;
                await WriteTextAsync(copy, listed.IdType, cancellationToken);
                await WriteTextAsync(copy, listed.IdNumber, cancellationToken);
                await WriteTextAsync(copy, listed.IdVersion, cancellationToken);
                await WriteTextAsync(copy, listed.Email, cancellationToken);
                await WriteTextAsync(copy, listed.Mobile, cancellationToken);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteUuidAsync(copy, actor.Id, cancellationToken);
                await copy.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteUuidAsync(copy, actor.Id, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await InsertDetailsAsync(connection, clinicId, patients.Select(p => (p.Id, p.Record)).ToList(), cancellationToken);
    }

    /// <summary>Replaces what was entered about an existing patient; portal access is changed elsewhere.</summary>
    public async Task UpdateAsync(Guid clinicId, Guid patientId, PatientRecord record, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actor);
        var listed = record.Listed;
        await db.ExecuteAsync(
            """
            update registration.patients set
                chart_number = @ChartNumber, legal_given_name = @LegalGivenName, legal_family_name = @LegalFamilyName,
                preferred_name = @PreferredName, date_of_birth = @DateOfBirth, sex = @Sex, gender = @Gender,
                address_line1 = @Line1, address_line2 = @Line2, address_city = @City, address_region = @Province,
                address_postal_code = @PostalCode, address_country = @Country,
                preferred_contact_method = @PreferredContactMethod, preferred_language = @PreferredLanguage, active = @Active,
                sort_key = @SortKey, name_words = @NameWords,
                list_id_type = @IdType, list_id_number = @IdNumber, list_id_version = @IdVersion, list_email = @Email, list_mobile = @Mobile,
                version = version + 1, updated_at = @Now, updated_by = @ActorId
            where clinic_id = @ClinicId and id = @PatientId
            """,
            new
            {
                record.ChartNumber, record.LegalGivenName, record.LegalFamilyName, record.PreferredName, record.DateOfBirth, record.Sex, record.Gender,
                record.Address?.Line1, record.Address?.Line2, record.Address?.City, record.Address?.Province, record.Address?.PostalCode, record.Address?.Country,
                record.PreferredContactMethod, record.PreferredLanguage, record.Active, record.SortKey, record.NameWords,
                listed.IdType, listed.IdNumber, listed.IdVersion, listed.Email, listed.Mobile,
                Now = now, ActorId = actor.Id, ClinicId = clinicId, PatientId = patientId,
            },
            cancellationToken);
        await db.ExecuteAsync(
            """
            delete from registration.patient_contacts where clinic_id = @clinicId and patient_id = @patientId;
            delete from registration.patient_identifiers where clinic_id = @clinicId and patient_id = @patientId;
            """,
            new { clinicId, patientId },
            cancellationToken);
        await InsertDetailsAsync(await db.GetConnectionAsync(cancellationToken), clinicId, [(patientId, record)], cancellationToken);

        // Every host hears of a new name from the trigger once this commits; this one need not wait for it.
        if (db.InTransaction)
        {
            db.OnCommit(() => names.Invalidate(clinicId));
        }
        else
        {
            names.Invalidate(clinicId);
        }
    }

    /// <summary>
    /// Which of <paramref name="identifiers"/> another patient of the clinic already has (by index), and
    /// whether another patient has <paramref name="chartNumber"/>.
    /// </summary>
    public async Task<(IReadOnlyList<int> TakenIdentifiers, bool ChartNumberTaken)> FindConflictsAsync(
        Guid clinicId, Guid? patientId, string? chartNumber, IReadOnlyList<IdentifierFields> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var taken = await db.QueryAsync<int>(
            """
            select (wanted.position - 1)::integer
            from unnest(@types::text[], @numbers::text[]) with ordinality as wanted (id_type, number, position)
            where exists (
                select 1 from registration.patient_identifiers i
                where i.clinic_id = @clinicId and i.id_type = wanted.id_type and i.number = wanted.number
                  and i.patient_id is distinct from @patientId)
            order by 1
            """,
            new { clinicId, patientId, types = identifiers.Select(i => i.Type).ToArray(), numbers = identifiers.Select(i => i.Number).ToArray() },
            cancellationToken);
        var chartTaken = chartNumber is not null && await db.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from registration.patients
                           where clinic_id = @clinicId and chart_number = @chartNumber and id is distinct from @patientId)
            """,
            new { clinicId, chartNumber, patientId },
            cancellationToken);
        return (taken, chartTaken);
    }

    private static async Task InsertDetailsAsync(
        NpgsqlConnection connection, Guid clinicId, IReadOnlyList<(Guid Id, PatientRecord Record)> patients, CancellationToken cancellationToken)
    {
        await using (var contacts = await connection.BeginBinaryImportAsync(
            "copy registration.patient_contacts (clinic_id, patient_id, kind, value, position) from stdin (format binary)", cancellationToken))
        {
            foreach (var (id, record) in patients)
            {
                foreach (var (kind, values) in new[] { ("email", record.Emails), ("mobile", record.Mobiles) })
                {
                    for (var position = 0; position < values.Count; position++)
                    {
                        await contacts.StartRowAsync(cancellationToken);
                        await contacts.WriteAsync(clinicId, NpgsqlDbType.Uuid, cancellationToken);
                        await contacts.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                        await contacts.WriteAsync(kind, NpgsqlDbType.Text, cancellationToken);
                        await contacts.WriteAsync(values[position], NpgsqlDbType.Text, cancellationToken);
                        await contacts.WriteAsync((short)position, NpgsqlDbType.Smallint, cancellationToken);
                    }
                }
            }

            await contacts.CompleteAsync(cancellationToken);
        }

        await using var identifiers = await connection.BeginBinaryImportAsync(
            "copy registration.patient_identifiers (clinic_id, patient_id, id_type, number, version_code, position) from stdin (format binary)",
            cancellationToken);
        foreach (var (id, record) in patients)
        {
            for (var position = 0; position < record.Identifiers.Count; position++)
            {
                var identifier = record.Identifiers[position];
                await identifiers.StartRowAsync(cancellationToken);
                await identifiers.WriteAsync(clinicId, NpgsqlDbType.Uuid, cancellationToken);
                await identifiers.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await identifiers.WriteAsync(identifier.Type, NpgsqlDbType.Text, cancellationToken);
                await identifiers.WriteAsync(identifier.Number, NpgsqlDbType.Text, cancellationToken);
                await WriteTextAsync(identifiers, identifier.VersionCode, cancellationToken);
                await identifiers.WriteAsync((short)position, NpgsqlDbType.Smallint, cancellationToken);
            }
        }

        await identifiers.CompleteAsync(cancellationToken);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteUuidAsync(NpgsqlBinaryImporter copy, Guid? value, CancellationToken cancellationToken) =>
        value is { } id ? copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken) : copy.WriteNullAsync(cancellationToken);
}
