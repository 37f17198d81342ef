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

    /// <summary>How many bare words (a file name, say) may stand among the options.</summary>
    int MaxOperands => 0;

    /// <summary>Options that never take a value, so that a word after one is an operand rather than its value.</summary>
    IReadOnlyCollection<string> Flags => [];

    Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken);
}

/// <summary>Options given as <c>--name value</c> or bare <c>--flag</c>, and operands (bare words) where the command takes them.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _operands = [];

    public CliArguments(IEnumerable<string> arguments, int maxOperands = 0, IReadOnlyCollection<string>? flags = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var list = arguments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (_operands.Count >= maxOperands)
                {
                    throw new CliUsageException($"Unexpected argument '{list[i]}'.");
                }

                _operands.Add(list[i]);
                continue;
            }

            var name = list[i][2..];
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)
                && (flags is null || !flags.Contains(name));
            _options[name] = hasValue ? list[++i] : null;
        }
    }

    /// <summary>The arguments as <paramref name="command"/> reads them: its operands and its flags.</summary>
    public static CliArguments For(ICliCommand command, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new CliArguments(arguments, command.MaxOperands, command.Flags);
    }

    public IReadOnlyList<string> Operands => _operands;

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new CliUsageException($"--{name} is required.");

    public string? Optional(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public bool Flag(string name) => _options.ContainsKey(name);
}

public sealed class CliUsageException(string message) : Exception(message);
