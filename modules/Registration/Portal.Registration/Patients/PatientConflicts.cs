using Portal.Registration.IdTypes;
using Portal.Shared.Results;

namespace Portal.Registration.Patients;

/// <summary>
/// The checks on a patient that need the database: identifiers of a type the clinic has, and no
/// identifier or chart number that another patient of the clinic already holds.
/// </summary>
internal sealed class PatientConflicts(PatientStore store, IdTypeCatalog idTypes)
{
    public async Task<Error?> FindAsync(Guid clinicId, Guid? patientId, PatientRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var clinicTypes = (await idTypes.ClinicTypesAsync(clinicId, cancellationToken)).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = record.Identifiers
            .Select((identifier, index) => (identifier, index))
            .Where(x => !HealthCards.IsProvince(x.identifier.Type) && !clinicTypes.Contains(x.identifier.Type))
            .Select(x => new FieldProblem($"identifiers[{x.index}].type", "unknown_id_type", "This clinic has no such ID type."))
            .ToList();
        if (unknown.Count > 0)
        {
            return FieldErrors(Error.Validation("validation_failed", "One or more fields are not valid."), unknown);
        }

        var (taken, chartTaken) = await store.FindConflictsAsync(clinicId, patientId, record.ChartNumber, record.Identifiers, cancellationToken);
        if (taken.Count > 0)
        {
            return FieldErrors(
                Error.Conflict("identifier_taken", "Another patient of this clinic has this identifier."),
                taken.Select(i => new FieldProblem($"identifiers[{i}].number", "identifier_taken", "Another patient of this clinic has this identifier.")));
        }

        return chartTaken
            ? FieldErrors(
                Error.Conflict("chart_number_taken", "Another patient of this clinic has this chart number."),
                [new FieldProblem("chartNumber", "chart_number_taken", "Another patient of this clinic has this chart number.")])
            : null;
    }

    /// <summary>The error with each problem attached to its field, with its message and its code.</summary>
    public static Error FieldErrors(Error error, IEnumerable<FieldProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(error);
        var byField = problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToList();
        return error with
        {
            Fields = byField.ToDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct().ToArray(), StringComparer.Ordinal),
            FieldCodes = byField.ToDictionary(g => g.Key, g => g.Select(p => p.Code).Distinct().ToArray(), StringComparer.Ordinal),
        };
    }
}
