using System.Globalization;
using Portal.Registration.Patients;
using C = Portal.Registration.Import.PatientCsvColumns;

namespace Portal.Registration.Import;

/// <summary>One thing wrong with a row of the file, reported as <c>row N: column: reason</c>.</summary>
internal sealed record RowProblem(int Line, string Column, string Reason)
{
    public override string ToString() => $"row {Line}: {Column}: {Reason}";
}

/// <summary>What a row of the file says about a patient, as the forms would have sent it.</summary>
internal sealed record ImportedPatientFields : PatientFields
{
    public bool Active { get; init; } = true;

    public override bool IsActive => Active;
}

/// <summary>An identifier of a row, normalised as stored, with the column that holds its number.</summary>
internal sealed record RowIdentifier(string Type, string Number, string NumberColumn)
{
    public bool IsHealthCard => HealthCards.IsProvince(Type);
}

/// <summary>
/// A row read into patient fields and checked on its own: the rules of the forms (<see cref="PatientRules"/>)
/// and the clinic's ID types. Checks across rows and against the database come later and add to <see cref="Problems"/>.
/// </summary>
internal sealed class ImportedPatientRow
{
    private static readonly string[] Separators = [";"];

    private ImportedPatientRow(int line) => Line = line;

    public int Line { get; }

    public ImportedPatientFields? Fields { get; private set; }

    /// <summary>From the file; null takes the clinic's default for new patients (S2).</summary>
    public bool? PortalAccess { get; private set; }

    public List<RowProblem> Problems { get; } = [];

    /// <summary>The chart number as stored, when it is valid.</summary>
    public string? ChartNumber { get; private set; }

    /// <summary>The identifiers that are valid on their own, as stored.</summary>
    public List<RowIdentifier> Identifiers { get; } = [];

    public bool IsValid => Problems.Count == 0;

    public static ImportedPatientRow Read(CsvPatientRow row, IReadOnlySet<string> clinicIdTypes, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(clinicIdTypes);
        var result = new ImportedPatientRow(row.Line);
        result.ReadFields(row, clinicIdTypes, today);
        return result;
    }

    /// <summary>A row whose values cannot be matched to the columns, usually a stray comma or quote.</summary>
    public static ImportedPatientRow Misaligned(int line, int values, int columns)
    {
        var result = new ImportedPatientRow(line);
        result.Add("(row)", $"The row has {values} values but the header names {columns} columns.");
        return result;
    }

    public void Add(string column, string reason) => Problems.Add(new RowProblem(Line, column, reason));

    private void ReadFields(CsvPatientRow row, IReadOnlySet<string> clinicIdTypes, DateOnly today)
    {
        var dateOfBirth = ReadDate(row[C.DateOfBirth]);
        var active = ReadYesNo(row, C.Active);
        PortalAccess = ReadYesNo(row, C.PortalAccess);

        var emails = SplitValues(row[C.Email]);
        var mobiles = SplitValues(row[C.Mobile]);
        var method = row[C.PreferredContactMethod]?.ToLowerInvariant() ?? (emails.Count, mobiles.Count) switch
        {
            ( > 0, > 0) => "both",
            (0, > 0) => "sms",
            _ => "email",
        };

        // Each identifier's columns, by its position in the list the rules check.
        var identifierColumns = new List<(string Type, string Number, string? Version)>();
        var identifiers = new List<IdentifierFields>();
        ReadHealthCard(row, identifiers, identifierColumns);
        ReadOtherId(row, clinicIdTypes, identifiers, identifierColumns);

        var fields = new ImportedPatientFields
        {
            ChartNumber = row[C.ChartNumber],
            LegalGivenName = row[C.LegalGivenName] ?? string.Empty,
            LegalFamilyName = row[C.LegalFamilyName] ?? string.Empty,
            PreferredName = row[C.PreferredName],
            DateOfBirth = dateOfBirth ?? today,
            Sex = row[C.Sex]?.ToLowerInvariant() ?? string.Empty,
            Gender = row[C.Gender],
            Address = ReadAddress(row),
            Emails = emails,
            Mobiles = mobiles,
            PreferredContactMethod = method,
            PreferredLanguage = row[C.PreferredLanguage]?.ToLowerInvariant() ?? "en",
            Identifiers = identifiers,
            Active = active ?? true,
        };

        var ruleProblems = PatientRules.Check(fields, today);
        foreach (var problem in ruleProblems)
        {
            // A date that did not parse is already reported; the stand-in date says nothing.
            if (dateOfBirth is null && problem.Field == "dateOfBirth")
            {
                continue;
            }

            var (column, reason) = Locate(problem, identifierColumns, emails.Count, mobiles.Count);
            Add(column, reason);
        }

        if (row[C.ChartNumber] is { } chart && !ruleProblems.Any(p => p.Field == "chartNumber"))
        {
            ChartNumber = PatientRules.NormalizeChartNumber(chart);
        }

        for (var i = 0; i < identifiers.Count; i++)
        {
            var prefix = $"identifiers[{i}].";
            if (!ruleProblems.Any(p => p.Field.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Identifiers.Add(new RowIdentifier(identifiers[i].Type, NormalizeNumber(identifiers[i]), identifierColumns[i].Number));
            }
        }

        if (IsValid)
        {
            Fields = fields;
        }
    }

    private DateOnly? ReadDate(string? text)
    {
        if (text is null)
        {
            Add(C.DateOfBirth, "This is required.");
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(C.DateOfBirth, "This is not a date written as yyyy-mm-dd, such as 1984-03-07.");
            return null;
        }

        return date;
    }

    private bool? ReadYesNo(CsvPatientRow row, string column)
    {
        switch (row[column]?.ToLowerInvariant())
        {
            case null:
                return null;
            case "yes":
                return true;
            case "no":
                return false;
            default:
                Add(column, "Use yes or no, or leave it empty.");
                return null;
        }
    }

    private void ReadHealthCard(CsvPatientRow row, List<IdentifierFields> identifiers, List<(string, string, string?)> columns)
    {
        var province = row[C.HealthCardProvince];
        var number = row[C.HealthCardNumber];
        var version = row[C.HealthCardVersion];
        if (province is null)
        {
            if (number is not null || version is not null)
            {
                Add(C.HealthCardProvince, "Give the province or territory that issued the health card, such as ON.");
            }

            return;
        }

        var code = PatientRules.NormalizeIdType(province);
        if (!HealthCards.IsProvince(code))
        {
            Add(C.HealthCardProvince, $"Use a province or territory code: {string.Join(", ", HealthCards.All.Select(t => t.Code))}.");
            return;
        }

        identifiers.Add(new IdentifierFields(code, number ?? string.Empty, version));
        columns.Add((C.HealthCardProvince, C.HealthCardNumber, C.HealthCardVersion));
    }

    private void ReadOtherId(CsvPatientRow row, IReadOnlySet<string> clinicIdTypes, List<IdentifierFields> identifiers, List<(string, string, string?)> columns)
    {
        var type = row[C.OtherIdType];
        var number = row[C.OtherIdNumber];
        if (type is null)
        {
            if (number is not null)
            {
                Add(C.OtherIdType, "Give the ID type of this number.");
            }

            return;
        }

        var code = PatientRules.NormalizeIdType(type);
        if (!HealthCards.IsProvince(code) && !clinicIdTypes.Contains(code))
        {
            Add(C.OtherIdType, clinicIdTypes.Count == 0
                ? "This clinic has no ID types of its own."
                : $"This clinic has no such ID type; its ID types are: {string.Join(", ", clinicIdTypes.Order(StringComparer.Ordinal))}.");
            return;
        }

        identifiers.Add(new IdentifierFields(code, number ?? string.Empty, null));
        columns.Add((C.OtherIdType, C.OtherIdNumber, null));
    }

    private static AddressFields? ReadAddress(CsvPatientRow row)
    {
        string?[] parts = [row[C.AddressLine1], row[C.AddressLine2], row[C.City], row[C.Province], row[C.PostalCode]];
        if (parts.All(part => part is null))
        {
            return null;
        }

        return new AddressFields(
            row[C.AddressLine1] ?? string.Empty,
            row[C.AddressLine2],
            row[C.City] ?? string.Empty,
            row[C.Province]?.ToUpperInvariant() ?? string.Empty,
            row[C.PostalCode] ?? string.Empty,
            row[C.Country]?.ToUpperInvariant() ?? PostalAddresses.Canada);
    }

    private static List<string> SplitValues(string? cell) =>
        cell is null ? [] : [.. cell.Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string NormalizeNumber(IdentifierFields identifier) =>
        HealthCards.IsProvince(identifier.Type)
            ? HealthCards.Check(identifier.Type, identifier.Number, identifier.VersionCode).Number
            : PatientRules.NormalizeIdNumber(identifier.Number);

    /// <summary>The column and the words for a problem the rules found, which name fields as the JSON does.</summary>
    private static (string Column, string Reason) Locate(
        FieldProblem problem, List<(string Type, string Number, string? Version)> identifierColumns, int emails, int mobiles)
    {
        var field = problem.Field;
        if (field.StartsWith("identifiers[", StringComparison.Ordinal))
        {
            var close = field.IndexOf(']', StringComparison.Ordinal);
            var index = int.Parse(field.AsSpan(12, close - 12), CultureInfo.InvariantCulture);
            var columns = identifierColumns[index];
            var column = field[(close + 1)..] switch
            {
                ".type" => columns.Type,
                ".versionCode" => columns.Version ?? columns.Number,
                _ => columns.Number,
            };
            return (column, problem.Message);
        }

        // With several values in one cell, say which one is wrong.
        var count = field.StartsWith("emails[", StringComparison.Ordinal) ? emails : field.StartsWith("mobiles[", StringComparison.Ordinal) ? mobiles : 0;
        if (count > 1)
        {
            var position = int.Parse(field.AsSpan(field.IndexOf('[', StringComparison.Ordinal) + 1).TrimEnd(']'), CultureInfo.InvariantCulture);
            return (PatientCsvColumns.ForField(field), $"Value {position + 1} of {count}: {problem.Message}");
        }

        return (PatientCsvColumns.ForField(field), problem.Message);
    }
}
