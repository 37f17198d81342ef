using Npgsql;
using Portal.Registration.Contracts;
using Portal.Registration.IdTypes;
using Portal.Registration.Patients;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Import;

/// <summary>
/// <c>Portal.Host patients import --clinic SLUG FILE.csv [--skip-invalid]</c>: adds the patients of a CSV file
/// (columns in <see cref="PatientCsvColumns"/>) to a clinic, all in one transaction. Every row is checked first,
/// by the rules of the forms, against the other rows and against the clinic's patients; each problem goes to
/// standard error as <c>row N: column: reason</c>. Without <c>--skip-invalid</c> one bad row stops the import.
/// </summary>
internal sealed class ImportPatientsCliCommand(
    IClinicDirectory clinics,
    IPortalSettings settings,
    IdTypeCatalog idTypes,
    PatientStore store,
    IDbSession db,
    IAuditLog audit,
    IIntegrationEvents events,
    IActorContext actor,
    TimeProvider clock) : ICliCommand
{
    public const string SkipInvalidFlag = "skip-invalid";

    public string Name => "patients import";

    public string Usage => "patients import --clinic SLUG FILE.csv [--skip-invalid]";

    public int MaxOperands => 1;

    public IReadOnlyCollection<string> Flags { get; } = [SkipInvalidFlag];

    public Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(arguments, output, Console.Error, cancellationToken);

    /// <param name="errors">Where problems go: standard error on the command line.</param>
    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var slug = arguments.Required("clinic");
        var path = arguments.Operands.Count == 1 ? arguments.Operands[0] : throw new CliUsageException("Name the CSV file to import.");
        var skipInvalid = arguments.Flag(SkipInvalidFlag);

        var clinic = await clinics.FindBySlugAsync(slug, cancellationToken);
        if (clinic is null)
        {
            await errors.WriteLineAsync($"There is no clinic '{slug}'.");
            return 1;
        }

        if (!File.Exists(path))
        {
            await errors.WriteLineAsync($"There is no file '{path}'.");
            return 1;
        }

        var (rows, refusals) = await ReadAsync(clinic.Id, path, cancellationToken);
        if (refusals.Count > 0)
        {
            foreach (var refusal in refusals)
            {
                await errors.WriteLineAsync(refusal);
            }

            await errors.WriteLineAsync("Nothing was imported.");
            return 1;
        }

        FindDuplicates(rows);
        await FindTakenAsync(clinic.Id, rows, cancellationToken);

        var invalid = 0;
        foreach (var row in rows.Where(r => !r.IsValid))
        {
            invalid++;
            foreach (var problem in row.Problems)
            {
                await errors.WriteLineAsync(problem.ToString());
            }
        }

        if (invalid > 0 && !skipInvalid)
        {
            await errors.WriteLineAsync(
                $"Nothing was imported: {Rows(invalid)} of {rows.Count} {(invalid == 1 ? "has" : "have")} problems. " +
                $"Correct them, or run again with --{SkipInvalidFlag} to import the other {Rows(rows.Count - invalid)}.");
            return 1;
        }

        var valid = rows.Where(r => r.IsValid).ToList();
        if (valid.Count > 0 && !await ImportAsync(clinic.Id, valid, Path.GetFileName(path), invalid, errors, cancellationToken))
        {
            return 1;
        }

        if (invalid > 0)
        {
            await errors.WriteLineAsync($"Skipped {Rows(invalid)} with problems.");
        }

        await output.WriteLineAsync($"Imported {valid.Count} patients into {clinic.Slug} ({invalid} rows skipped).");
        return 0;
    }

    private async Task<(List<ImportedPatientRow> Rows, IReadOnlyList<string> Refusals)> ReadAsync(
        Guid clinicId, string path, CancellationToken cancellationToken)
    {
        var clinicTypes = (await idTypes.ClinicTypesAsync(clinicId, cancellationToken)).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);

        // A day of slack, as in the forms: "today" differs across the clinic's and the server's time zones.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1));
        var (file, refusals) = await PatientCsvFile.OpenAsync(path, cancellationToken);
        if (file is null)
        {
            return ([], refusals);
        }

        var rows = new List<ImportedPatientRow>();
        await using (file)
        {
            try
            {
                await foreach (var row in file.ReadRowsAsync(
                    (line, count) => rows.Add(ImportedPatientRow.Misaligned(line, count, file.HeaderColumns)), cancellationToken))
                {
                    rows.Add(ImportedPatientRow.Read(row, clinicTypes, today));
                }
            }
            catch (PatientCsvException unreadable)
            {
                return ([], [unreadable.Message]);
            }
        }

        return (rows, []);
    }

    /// <summary>The same chart number or identifier on two rows: the later row is wrong.</summary>
    private static void FindDuplicates(List<ImportedPatientRow> rows)
    {
        var charts = new Dictionary<string, int>(StringComparer.Ordinal);
        var identifiers = new Dictionary<(string, string), int>();
        foreach (var row in rows)
        {
            if (row.ChartNumber is { } chart && !charts.TryAdd(chart, row.Line))
            {
                row.Add(PatientCsvColumns.ChartNumber, $"Row {charts[chart]} has the same chart number.");
            }

            foreach (var identifier in row.Identifiers)
            {
                if (!identifiers.TryAdd((identifier.Type, identifier.Number), row.Line))
                {
                    row.Add(identifier.NumberColumn, $"Row {identifiers[(identifier.Type, identifier.Number)]} has the same {Naming(identifier)}.");
                }
            }
        }
    }

    private async Task FindTakenAsync(Guid clinicId, List<ImportedPatientRow> rows, CancellationToken cancellationToken)
    {
        var taken = await TakenIdentifiers.FindAsync(
            db,
            clinicId,
            rows.SelectMany(r => r.Identifiers).Select(i => (i.Type, i.Number)).ToHashSet(),
            rows.Where(r => r.ChartNumber is not null).Select(r => r.ChartNumber!).ToHashSet(StringComparer.Ordinal),
            cancellationToken);
        foreach (var row in rows)
        {
            if (row.ChartNumber is { } chart && taken.ChartNumbers.Contains(chart))
            {
                row.Add(PatientCsvColumns.ChartNumber, "Another patient of this clinic has this chart number.");
            }

            foreach (var identifier in row.Identifiers.Where(i => taken.Identifiers.Contains((i.Type, i.Number))))
            {
                row.Add(identifier.NumberColumn, $"Another patient of this clinic has this {Naming(identifier)}.");
            }
        }
    }

    private async Task<bool> ImportAsync(
        Guid clinicId, List<ImportedPatientRow> rows, string fileName, int skipped, TextWriter errors, CancellationToken cancellationToken)
    {
        var portalAccess = (await settings.GetAsync(clinicId, cancellationToken))?.NewPatientsGetAccess ?? false;
        var now = clock.GetUtcNow();
        var patients = rows
            .Select(row => new NewPatient(Guid.CreateVersion7(now), PatientRecord.From(row.Fields!), row.PortalAccess ?? portalAccess))
            .ToList();

        await db.BeginTransactionAsync(cancellationToken);
        try
        {
            await store.InsertAsync(clinicId, patients, actor.Actor, now, cancellationToken);

            // One entry for the file, without patient data: each patient's own history starts with their first change.
            await audit.RecordAsync(
                new AuditEvent(PatientAudit.Imported, clinicId, "clinic", clinicId.ToString(), new { file = fileName, imported = patients.Count, skipped }),
                cancellationToken);
            foreach (var patient in patients)
            {
                await events.PublishAsync(new PatientCreated(clinicId, patient.Id, patient.PortalAccess), cancellationToken);
            }

            await db.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException unique) when (unique.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await db.RollbackAsync(CancellationToken.None);
            var what = unique.ConstraintName == PatientStore.ChartNumberIndex ? "chart number" : "identifier";
            await errors.WriteLineAsync(
                $"Nothing was imported: a patient with one of the file's {what}s was added to the clinic during the import. Run it again.");
            return false;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private static string Naming(RowIdentifier identifier) => identifier.IsHealthCard ? "health card" : $"{identifier.Type} number";

    private static string Rows(int count) => count == 1 ? "1 row" : $"{count} rows";
}
