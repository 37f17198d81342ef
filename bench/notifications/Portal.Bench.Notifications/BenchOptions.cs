using System.Globalization;

namespace Portal.Bench.Notifications;

/// <summary>--count 100000 --sms-share 0.3 --parallelism 16 --batch-size 200 --output FILE</summary>
internal sealed record BenchOptions(int Count, double SmsShare, int Parallelism, int BatchSize, string? Output)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        return new BenchOptions(
            int.Parse(Value("count") ?? "100000", CultureInfo.InvariantCulture),
            double.Parse(Value("sms-share") ?? "0.3", CultureInfo.InvariantCulture),
            int.Parse(Value("parallelism") ?? "16", CultureInfo.InvariantCulture),
            int.Parse(Value("batch-size") ?? "200", CultureInfo.InvariantCulture),
            Value("output"));
    }
}
