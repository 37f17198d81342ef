using System.Globalization;

namespace Portal.Bench.SignIn;

/// <summary>
/// --sign-ins 2000 --clients 8,32 --warm-up 100 --health-seconds 5 --output FILE, and any number of
/// --set Key=Value for the measured host's configuration (e.g. --set Notifications:Dispatch:RunFor=00:00:04.900).
/// </summary>
internal sealed record BenchOptions(int SignIns, IReadOnlyList<int> Clients, int WarmUp, int HealthSeconds, string? Output, IReadOnlyDictionary<string, string> HostSettings)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var clients = (Value("clients") ?? "8,32")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.Parse(c, CultureInfo.InvariantCulture))
            .ToList();
        var options = new BenchOptions(
            int.Parse(Value("sign-ins") ?? "2000", CultureInfo.InvariantCulture),
            clients,
            int.Parse(Value("warm-up") ?? "100", CultureInfo.InvariantCulture),
            int.Parse(Value("health-seconds") ?? "5", CultureInfo.InvariantCulture),
            Value("output"),
            args.Select((arg, i) => (arg, i))
                .Where(a => a.arg == "--set" && a.i + 1 < args.Length && args[a.i + 1].Contains('=', StringComparison.Ordinal))
                .Select(a => args[a.i + 1].Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase));
        if (options.SignIns < 1 || options.Clients.Count == 0 || options.Clients.Any(c => c < 1) || options.WarmUp < 0 || options.HealthSeconds < 1)
        {
            throw new ArgumentException("--sign-ins, each of --clients and --health-seconds must be at least 1, --warm-up at least 0.");
        }

        return options;
    }

    /// <summary>Patients needed: each sign-in of the run, warm-up included, uses a patient of its own.</summary>
    public int PatientsNeeded => WarmUp + (SignIns * Clients.Count);
}
