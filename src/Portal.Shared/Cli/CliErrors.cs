using Portal.Shared.Results;

namespace Portal.Shared.Cli;

public static class CliErrors
{
    /// <summary>An error as one or more lines for a terminal, field messages included.</summary>
    public static string Describe(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var lines = new List<string> { $"Error ({error.Code}): {error.Message}" };
        foreach (var (field, messages) in error.Fields ?? new Dictionary<string, string[]>())
        {
            lines.AddRange(messages.Select(message => $"  {field}: {message}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
