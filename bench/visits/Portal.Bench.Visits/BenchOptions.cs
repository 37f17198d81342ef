using System.Globalization;

namespace Portal.Bench.Visits;

/// <summary>--seconds 10 --connections 32 --messages 2000 --payload 400 --max-connections 20000 --batch 250 --output FILE.</summary>
/// <param name="Connections">wrk's connections for the /health/live baseline.</param>
/// <param name="Messages">Signals relayed one after the other for the round-trip figures.</param>
/// <param name="Payload">The characters of each signal: an ICE candidate is a few hundred, an SDP offer a few thousand.</param>
/// <param name="MaxConnections">The most signalling connections opened while the host's memory grows by at most 100 MB.</param>
/// <param name="Batch">Connections opened between two readings of the host's memory.</param>
internal sealed record BenchOptions(int Seconds, int Connections, int Messages, int Payload, int MaxConnections, int Batch, string? Output)
{
    /// <summary>The extra memory the connection count is read at.</summary>
    public const long MemoryBudgetBytes = 100L * 1024 * 1024;

    public static BenchOptions Parse(string[] args)
    {
        int Number(string name, int fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var output = Array.IndexOf(args, "--output") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var options = new BenchOptions(
            Number("seconds", 10), Number("connections", 32), Number("messages", 2000), Number("payload", 400), Number("max-connections", 20_000),
            Number("batch", 250), output);
        if (options.Seconds < 1 || options.Connections < 1 || options.Messages < 10 || options.Payload < 1 || options.Payload > 60_000
            || options.Batch < 1 || options.MaxConnections < options.Batch)
        {
            throw new ArgumentException("Each number must be at least 1, --messages at least 10, --payload at most 60000, --max-connections at least --batch.");
        }

        return options;
    }
}
