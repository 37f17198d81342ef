using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Bench;

/// <summary>What wrk measured for one URL: requests/s and latency percentiles in milliseconds.</summary>
internal sealed record WrkResult(int Connections, double RequestsPerSecond, double P50, double P90, double P99, long Errors);

/// <summary>Runs wrk, as bench/http does, for the /health/live baseline each benchmark reports beside its figure.</summary>
internal static partial class Wrk
{
    /// <param name="headers">Sent with every request, e.g. <c>Cookie: …</c> for a signed-in read.</param>
    public static async Task<WrkResult> RunAsync(Uri url, int connections, int seconds, IReadOnlyList<string>? headers = null)
    {
        var threads = Math.Min(2, connections);
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     $"-t{threads}", $"-c{connections}", string.Create(CultureInfo.InvariantCulture, $"-d{seconds}s"), "--latency", url.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var header in headers ?? [])
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await errors}");
        }

        var non2xx = NonSuccess().Match(text);
        var socket = SocketErrors().Match(text);
        var socketErrors = socket.Success
            ? socket.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(
            connections,
            double.Parse(RequestsPerSecond().Match(text).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(text, "50%"),
            Percentile(text, "90%"),
            Percentile(text, "99%"),
            (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0) + socketErrors);
    }

    /// <summary>A line of wrk's latency distribution ("    99%    2.04ms"), in milliseconds.</summary>
    private static double Percentile(string text, string label)
    {
        var line = text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(label + " ", StringComparison.Ordinal));
        var value = line[label.Length..].Trim();
        var unit = UnitSuffix().Match(value).Value;
        var number = double.Parse(value[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => throw new FormatException($"Unknown wrk latency unit in '{line}'."),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"[a-z]+$")]
    private static partial Regex UnitSuffix();
}
