namespace Portal.Shared.Cli;

/// <summary>
/// A command of <c>Portal.Host</c>, e.g. <c>Portal.Host clinics add --slug demo ...</c>. Modules
/// declare them; the host finds them by scanning and runs each in its own DI scope.
/// </summary>
public interface ICliCommand
{
    /// <summary>The words that select it, e.g. <c>clinics add</c>.</summary>
    string Name { get; }

    string Usage { get; }

    Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken);
}

/// <summary>Options given as <c>--name value</c> or bare <c>--flag</c>.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CliArguments(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var list = arguments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliUsageException($"Unexpected argument '{list[i]}'.");
            }

            var name = list[i][2..];
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _options[name] = hasValue ? list[++i] : null;
        }
    }

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new CliUsageException($"--{name} is required.");

    public string? Optional(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public bool Flag(string name) => _options.ContainsKey(name);
}

public sealed class CliUsageException(string message) : Exception(message);
