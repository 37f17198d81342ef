using Portal.Shared.Database;

namespace Portal.Registration.Import;

/// <summary>Which of many identifiers and chart numbers patients of a clinic already hold, in one query.</summary>
internal static class TakenIdentifiers
{
    public sealed record Found(IReadOnlySet<(string Type, string Number)> Identifiers, IReadOnlySet<string> ChartNumbers);

    public static async Task<Found> FindAsync(
        IDbSession db, Guid clinicId, IReadOnlyCollection<(string Type, string Number)> identifiers, IReadOnlyCollection<string> chartNumbers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(chartNumbers);
        if (identifiers.Count == 0 && chartNumbers.Count == 0)
        {
            return new Found(new HashSet<(string, string)>(), new HashSet<string>(StringComparer.Ordinal));
        }

        var rows = await db.QueryAsync<TakenRow>(
            """
            select 'identifier' as kind, i.id_type, i.number
            from unnest(@types::text[], @numbers::text[]) as wanted (id_type, number)
            join registration.patient_identifiers i
              on i.clinic_id = @clinicId and i.id_type = wanted.id_type and i.number = wanted.number
            union all
            select 'chart' as kind, null as id_type, p.chart_number as number
            from registration.patients p
            where p.clinic_id = @clinicId and p.chart_number = any(@chartNumbers::text[])
            """,
            new
            {
                clinicId,
                types = identifiers.Select(i => i.Type).ToArray(),
                numbers = identifiers.Select(i => i.Number).ToArray(),
                chartNumbers = chartNumbers.ToArray(),
            },
            cancellationToken);
        return new Found(
            rows.Where(r => r.Kind == "identifier").Select(r => (r.IdType!, r.Number)).ToHashSet(),
            rows.Where(r => r.Kind == "chart").Select(r => r.Number).ToHashSet(StringComparer.Ordinal));
    }

    private sealed record TakenRow(string Kind, string? IdType, string Number);
}
