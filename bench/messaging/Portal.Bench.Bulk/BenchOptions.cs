using System.Globalization;

namespace Portal.Bench.Bulk;

/// <summary>
/// --patients 10000 --health-seconds 5 --health-connections 32 --output FILE, and any number of --set Key=Value
/// for the measured host's configuration (e.g. --set Portal:Messaging:Bulk:ChunkSize=1000).
/// </summary>
internal sealed record BenchOptions(int Patients, int HealthSeconds, int HealthConnections, string? Output, IReadOnlyDictionary<string, string> HostSettings)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var options = new BenchOptions(
            int.Parse(Value("patients") ?? "10000", CultureInfo.InvariantCulture),
            int.Parse(Value("health-seconds") ?? "5", CultureInfo.InvariantCulture),
            int.Parse(Value("health-connections") ?? "32", CultureInfo.InvariantCulture),
            Value("output"),
            args.Select((arg, i) => (arg, i))
                .Where(a => a.arg == "--set" && a.i + 1 < args.Length && args[a.i + 1].Contains('=', StringComparison.Ordinal))
                .Select(a => args[a.i + 1].Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase));
        if (options.Patients < 1 || options.HealthSeconds < 1 || options.HealthConnections < 1)
        {
            throw new ArgumentException("--patients, --health-seconds and --health-connections must be at least 1.");
        }

        return options;
    }
}
