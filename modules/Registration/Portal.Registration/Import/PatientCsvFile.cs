using System.Text;
using CsvHelper;

namespace Portal.Registration.Import;

/// <summary>One data row: its line in the file (the header is line 1) and its values by column, trimmed, null when empty or absent.</summary>
internal sealed class CsvPatientRow(int line, string?[] values)
{
    public int Line { get; } = line;

    public string? this[string column] => values[PatientCsvFile.IndexOf(column)];
}

/// <summary>
/// Reads a patient import file: UTF-8, comma-separated, a header row naming only known columns
/// (<see cref="PatientCsvColumns"/>, in any case and order). A file that breaks these is refused as a whole.
/// </summary>
internal sealed class PatientCsvFile : IAsyncDisposable
{
    private const int MaxRecordBytes = 64 * 1024;

    private static readonly Dictionary<string, int> ColumnIndexes =
        PatientCsvColumns.All.Select((column, index) => (column, index)).ToDictionary(x => x.column, x => x.index, StringComparer.Ordinal);

    private readonly StreamReader _text;
    private readonly CsvReader _csv;
    private readonly int[] _columnOfField;

    private PatientCsvFile(StreamReader text, CsvReader csv, int[] columnOfField)
    {
        _text = text;
        _csv = csv;
        _columnOfField = columnOfField;
    }

    public static int IndexOf(string column) => ColumnIndexes[column];

    /// <summary>Opens the file and checks its header; on a problem, returns why the file is refused instead.</summary>
    public static async Task<(PatientCsvFile? File, IReadOnlyList<string> Refusals)> OpenAsync(string path, CancellationToken cancellationToken)
    {
        // Strict UTF-8: a file saved in another encoding is refused rather than imported with mangled accents.
        var text = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        CsvReader? csv = null;
        try
        {
            csv = CsvReader.Create(text, Options, leaveOpen: true);
            await csv.ReadHeaderAsync(cancellationToken);
            var (columnOfField, refusals) = MatchHeader(csv.Headers);
            if (refusals.Count > 0)
            {
                await csv.DisposeAsync();
                text.Dispose();
                return (null, refusals);
            }

            return (new PatientCsvFile(text, csv, columnOfField), []);
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            if (csv is not null)
            {
                await csv.DisposeAsync();
            }

            text.Dispose();
            return (null, [Describe(e)]);
        }
    }

    /// <summary>
    /// The data rows, one at a time. A row whose number of values differs from the header's is reported through
    /// <paramref name="misaligned"/> and not returned; a row whose values are all empty is passed over.
    /// </summary>
    /// <exception cref="PatientCsvException">The file turns out not to be UTF-8, or its quoting is broken.</exception>
    public async IAsyncEnumerable<CsvPatientRow> ReadRowsAsync(
        Action<int, int> misaligned, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(misaligned);
        while (await ReadAsync(cancellationToken))
        {
            var line = checked((int)_csv.LineNumber);
            if (_csv.FieldCount != _columnOfField.Length)
            {
                if (!IsBlank())
                {
                    misaligned(line, _csv.FieldCount);
                }

                continue;
            }

            var values = new string?[PatientCsvColumns.All.Count];
            var any = false;
            for (var field = 0; field < _columnOfField.Length; field++)
            {
                var value = _csv.GetString(field).Trim();
                if (value.Length > 0)
                {
                    values[_columnOfField[field]] = value;
                    any = true;
                }
            }

            if (any)
            {
                yield return new CsvPatientRow(line, values);
            }
        }
    }

    public int HeaderColumns => _columnOfField.Length;

    public async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync();
        _text.Dispose();
    }

    private static CsvReaderOptions Options { get; } = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        MaxRecordSize = MaxRecordBytes,
        IncludeValuesInExceptions = false,
        DetectSeparatorHint = false,
    };

    private async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _csv.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            throw new PatientCsvException(Describe(e), e);
        }
    }

    private bool IsBlank()
    {
        for (var field = 0; field < _csv.FieldCount; field++)
        {
            if (!string.IsNullOrWhiteSpace(_csv.GetString(field)))
            {
                return false;
            }
        }

        return true;
    }

    private static (int[] ColumnOfField, IReadOnlyList<string> Refusals) MatchHeader(IReadOnlyList<string> headers)
    {
        var refusals = new List<string>();
        var columnOfField = new int[headers.Count];
        if (headers.Count == 1 && headers[0].Contains(';', StringComparison.Ordinal))
        {
            // What spreadsheets set to French (Canada) write when asked for CSV.
            return (columnOfField, ["The columns are separated by semicolons. Save the file as comma-separated values (CSV UTF-8)."]);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var field = 0; field < headers.Count; field++)
        {
            var name = headers[field].Trim().ToLowerInvariant();
            if (!ColumnIndexes.TryGetValue(name, out var column))
            {
                unknown.Add(name.Length == 0 ? $"(column {field + 1} has no name)" : $"'{headers[field].Trim()}'");
                continue;
            }

            columnOfField[field] = column;
            if (!seen.Add(name))
            {
                refusals.Add($"The header names the column '{name}' twice.");
            }
        }

        if (unknown.Count > 0)
        {
            refusals.Insert(0, $"The header has unknown columns: {string.Join(", ", unknown)}. Known columns: {string.Join(", ", PatientCsvColumns.All)}.");
        }

        var missing = PatientCsvColumns.Required.Where(column => !seen.Contains(column)).ToList();
        if (missing.Count > 0)
        {
            refusals.Add($"The header lacks required columns: {string.Join(", ", missing)}.");
        }

        return (columnOfField, refusals);
    }

    private static string Describe(Exception e) => e switch
    {
        DecoderFallbackException => "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.",
        CsvFormatException { LineNumber: > 0 } format => $"The file is not valid CSV at line {format.LineNumber}: {format.Message}",
        _ => $"The file is not valid CSV: {e.Message}",
    };
}

/// <summary>The file stopped being readable part-way (bad quoting, or bytes that are not UTF-8).</summary>
internal sealed class PatientCsvException(string message, Exception inner) : Exception(message, inner);
