using System.Globalization;
using System.Net;
using System.Text;

namespace Portal.Bench.Appointments;

/// <summary>The Markdown tables bench/appointments/run writes to bench/results.</summary>
internal static class Report
{
    public static string Write(
        BenchOptions options, IReadOnlyDictionary<string, string> setup, WrkResult health, WrkResult slots, int freeSlots, BookingRound first, BookingRound distinct,
        BookingRound race, int contested, long won, IReadOnlyList<string> failures)
    {
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        line("| set-up | |");
        line("| --- | --- |");
        foreach (var (key, value) in setup)
        {
            line($"| {key} | {value} |");
        }

        line("");
        line($"Reads with wrk, {options.Connections} connections, {options.Seconds} s each, signed in as one patient:");
        line("");
        line("| request | requests/s | p50 | p90 | p99 | errors | p99 ÷ /health/live p99 |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        line(Row("`/health/live` (baseline, same run)", health, health));
        line(Row($"free slots: the type, any provider, two weeks ({freeSlots:N0} slots)", slots, health));
        line("");
        line($"Bookings through `POST …/portal/appointments` by {options.Bookers} signed-in patients at once, each booking its share of distinct free slots");
        line("one after another: first on the host's new connections to PostgreSQL; then, those bookings cancelled, the same slots again on");
        line("connections in their working state (the measure of the target); then the same patients racing for the same few slots:");
        line("");
        line("| round | bookings | 201 | 409 | other | seconds | bookings/s | p50 | p99 |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        line(Round("distinct slots, new connections", first));
        line(Round("**distinct slots**", distinct));
        line(Round($"{options.Bookers} patients, {contested} slots", race));
        line("");
        line($"The race ended with **{won} bookings for {contested} slots** in the database.");
        line("");
        line(failures.Count == 0 ? "No failures." : "Failures: " + string.Join("; ", failures) + ".");
        return text.ToString();
    }

    private static string Row(string what, WrkResult result, WrkResult health) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"| {what} | {result.RequestsPerSecond:N0} | {result.P50:F2} ms | {result.P90:F2} ms | {result.P99:F2} ms | {result.Errors} | {result.P99 / health.P99:F1} |");

    private static string Round(string what, BookingRound round) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"| {what} | {round.Answers.Count:N0} | {round.Count(HttpStatusCode.Created):N0} | {round.Count(HttpStatusCode.Conflict):N0} | " +
            $"{round.Unexpected(HttpStatusCode.Created, HttpStatusCode.Conflict)} | {round.Elapsed.TotalSeconds:F1} | {round.PerSecond:N0} | " +
            $"{round.Percentile(50):F1} ms | {round.Percentile(99):F1} ms |");
}
