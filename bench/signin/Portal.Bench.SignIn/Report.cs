using System.Globalization;
using System.Text;
using Portal.Bench;

namespace Portal.Bench.SignIn;

/// <summary>The Markdown tables of a run, which bench/signin/run puts under its heading.</summary>
internal static class Report
{
    private const int SlowDeliveryMs = 500;

    private static readonly (string Name, Func<SignInTiming, double> Value)[] Steps =
    [
        ("antiforgery token", t => t.Antiforgery),
        ("Next (202)", t => t.Next),
        ("passcode delivered", t => t.Delivered),
        ("verify (200 + cookie)", t => t.Verify),
        ("home page data", t => t.Home),
        ("complete sign-in", t => t.Total),
    ];

    public static string Write(BenchSetup setup, IReadOnlyList<(LevelResult Level, WrkResult Health)> levels, RunChecks checks)
    {
        var text = new StringBuilder();
        var all = levels.SelectMany(l => l.Level.Timings).ToList();
        var allFailures = levels.Sum(l => l.Level.Failures.Count);
        var allSeconds = levels.Sum(l => l.Level.Elapsed.TotalSeconds);

        text.AppendLine("| clients | sign-ins | time | sign-ins/s | p50 | p95 | p99 | failures | `/health/live` requests/s (wrk, same connections) | its p50 | its p99 |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (level, health) in levels)
        {
            var totals = level.Timings.Select(t => t.Total).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {level.Clients} | {level.Attempted:N0} | {level.Elapsed.TotalSeconds:F1} s | **{level.PerSecond:N0}** | {Ms(totals, 50)} | {Ms(totals, 95)} | {Ms(totals, 99)} | {level.Failures.Count} | {health.RequestsPerSecond:N0} | {health.P50:0.00} ms | {health.P99:0.00} ms |");
        }

        var allTotals = all.Select(t => t.Total).ToList();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| all | {levels.Sum(l => l.Level.Attempted):N0} | {allSeconds:F1} s | **{all.Count / allSeconds:N0}** | {Ms(allTotals, 50)} | {Ms(allTotals, 95)} | {Ms(allTotals, 99)} | {allFailures} | | | |");
        text.AppendLine();

        text.AppendLine("Each step, p50 / p95 / p99 in milliseconds:");
        text.AppendLine();
        text.AppendLine("| clients | " + string.Join(" | ", Steps.Select(s => s.Name)) + " |");
        text.AppendLine("| ---: |" + string.Concat(Steps.Select(_ => " ---: |")));
        foreach (var (level, _) in levels)
        {
            var steps = string.Join(" | ", Steps.Select(s => Triple(level.Timings.Select(s.Value).ToList())));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {level.Clients} | {steps} |");
        }

        text.AppendLine();
        foreach (var (level, _) in levels)
        {
            var slow = level.Timings.Count(t => t.Delivered > SlowDeliveryMs);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"At {level.Clients} clients, {slow:N0} of {level.Timings.Count:N0} passcodes ({100.0 * slow / Math.Max(1, level.Timings.Count):0.0} %) took over {SlowDeliveryMs} ms from the 202 to the SMTP server; the slowest {level.Timings.Select(t => t.Delivered).DefaultIfEmpty(0).Max():N0} ms.");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Setup: one clinic with its portal turned on by its owner through the settings API, and {setup.PatientsInClinic:N0} made-up patients " +
            $"(`patients generate`, {setup.GenerateSeconds:F1} s), all given portal access; {setup.Eligible:N0} of them are active with an Ontario card " +
            $"and an email, and each sign-in of the run ({setup.WarmUp} warm-up sign-ins first, not counted) used a different one of those, " +
            $"so that no identifier or email met the limit of 5 passcodes per 15 minutes.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Checked afterwards in the database: {checks.SessionsStarted:N0} patient sessions started, {checks.AttemptsUsed:N0} sign-in attempts used, " +
            $"{checks.NotificationsSent:N0} passcodes sent and {checks.NotificationsFailed} failed; the SMTP server received {checks.EmailsReceived:N0} emails.");

        var failures = levels.SelectMany(l => l.Level.Failures).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Failures ({failures.Count}), by reason:");
            text.AppendLine();
            foreach (var group in failures.GroupBy(f => f).OrderByDescending(g => g.Count()).Take(10))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {group.Count()} x {group.Key}");
            }
        }

        return text.ToString();
    }

    /// <summary>The nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(IReadOnlyList<double> values, double percentile) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, percentile):0.0} ms");

    private static string Triple(IReadOnlyList<double> values) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, 50):0.0} / {Percentile(values, 95):0.0} / {Percentile(values, 99):0.0}");
}

/// <summary>The clinic the run signs in to.</summary>
internal sealed record BenchSetup(int PatientsInClinic, double GenerateSeconds, int Eligible, int WarmUp);

/// <summary>What the database and the SMTP server hold after the run.</summary>
internal sealed record RunChecks(long SessionsStarted, long AttemptsUsed, long NotificationsSent, long NotificationsFailed, int EmailsReceived);
