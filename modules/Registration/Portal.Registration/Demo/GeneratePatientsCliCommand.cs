using System.Diagnostics;
using System.Globalization;
using Portal.Registration.Import;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Demo;

/// <summary>
/// <c>Portal.Host patients generate --clinic SLUG --count N [--seed S]</c>: adds N made-up patients
/// (<see cref="DemoPatients"/>) to a clinic, for demos and benchmarks, in batches that each commit on their own.
/// Generated patients whose identifier or chart number the clinic already has are left out.
/// </summary>
internal sealed class GeneratePatientsCliCommand(
    IClinicDirectory clinics, IDbSession db, PatientStore store, IAuditLog audit, IIntegrationEvents events, IActorContext actor, TimeProvider clock)
    : ICliCommand
{
    public const int BatchSize = 5_000;
    public const int MaxCount = 1_000_000;

    public string Name => "patients generate";

    public string Usage => "patients generate --clinic SLUG --count N [--seed S]   (made-up patients, for demos and benchmarks)";

    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var slug = arguments.Required("clinic");
        var count = Number(arguments.Required("count"), "count", 1, MaxCount);
        var seed = arguments.Optional("seed") is { } seedText ? Number(seedText, "seed", 0, int.MaxValue) : 1;
        var clinic = await clinics.FindBySlugAsync(slug, cancellationToken);
        if (clinic is null)
        {
            await output.WriteLineAsync($"There is no clinic '{slug}'.");
            return 1;
        }

        var stopwatch = Stopwatch.StartNew();
        var writer = new DemoPatientWriter(db, store, audit, events, actor, clock);
        var clinicIdType = await writer.HasClinicIdTypeAsync(clinic.Id, cancellationToken) ? DemoPatients.ClinicIdType : null;

        // Identifiers and chart numbers follow from each patient's index, so starting after the clinic's count keeps them new.
        var firstIndex = await writer.CountAsync(clinic.Id, cancellationToken);
        var added = 0;
        var leftOut = 0;
        for (var done = 0; done < count; done += BatchSize)
        {
            var batch = DemoPatients.Generate(Math.Min(BatchSize, count - done), seed, firstIndex + done, clinicIdType);
            await db.BeginTransactionAsync(cancellationToken);
            try
            {
                var fresh = await LeaveOutTakenAsync(clinic.Id, batch, cancellationToken);
                await writer.AddAsync(clinic.Id, fresh, cancellationToken);
                await db.CommitAsync(cancellationToken);
                added += fresh.Count;
                leftOut += batch.Count - fresh.Count;
            }
            catch
            {
                await db.RollbackAsync(CancellationToken.None);
                throw;
            }
        }

        var note = leftOut > 0 ? $" ({leftOut} left out: the clinic already had their identifier or chart number)" : string.Empty;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"Added {added} made-up patients to {clinic.Slug} in {stopwatch.Elapsed.TotalSeconds:0.0} s{note}."));
        return 0;
    }

    private async Task<List<GeneratedPatient>> LeaveOutTakenAsync(Guid clinicId, IReadOnlyList<GeneratedPatient> batch, CancellationToken cancellationToken)
    {
        var records = batch.Select(p => (Patient: p, Record: PatientRecord.From(p.Fields))).ToList();
        var taken = await TakenIdentifiers.FindAsync(
            db,
            clinicId,
            records.SelectMany(r => r.Record.Identifiers).Select(i => (i.Type, i.Number)).ToList(),
            records.Where(r => r.Record.ChartNumber is not null).Select(r => r.Record.ChartNumber!).ToList(),
            cancellationToken);
        return records
            .Where(r => (r.Record.ChartNumber is null || !taken.ChartNumbers.Contains(r.Record.ChartNumber))
                && !r.Record.Identifiers.Any(i => taken.Identifiers.Contains((i.Type, i.Number))))
            .Select(r => r.Patient)
            .ToList();
    }

    private static int Number(string text, string option, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CliUsageException($"--{option} takes a whole number from {min} to {max}.");
}
