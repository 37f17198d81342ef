using System.Globalization;

namespace Portal.Bench.Appointments;

/// <summary>--seconds 20 --connections 32 --bookers 64 --bookings 3000 --providers 50 --patients 10000 --output FILE.</summary>
internal sealed record BenchOptions(int Seconds, int Connections, int Bookers, int Bookings, int Providers, int Patients, string? Output)
{
    /// <summary>The slots patients race for at the end: exactly this many bookings must win.</summary>
    public const int ContestedSlots = 10;

    public static BenchOptions Parse(string[] args)
    {
        int Number(string name, int fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var output = Array.IndexOf(args, "--output") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var options = new BenchOptions(
            Number("seconds", 20), Number("connections", 32), Number("bookers", 64), Number("bookings", 3000), Number("providers", 50),
            Number("patients", 10_000), output);
        if (options.Seconds < 1 || options.Connections < 1 || options.Bookers < 1 || options.Bookings < options.Bookers || options.Providers < 1
            || options.Patients < options.Bookers * 3 || options.Bookings > options.Bookers * 90)
        {
            throw new ArgumentException(
                "Each number must be at least 1, --bookings at least --bookers and at most 90 per booker (the clinic allows 100 upcoming), " +
                "--patients at least three times --bookers.");
        }

        return options;
    }
}
