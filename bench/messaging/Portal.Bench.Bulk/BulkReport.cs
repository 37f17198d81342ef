using System.Globalization;
using System.Text;
using Portal.TestKit.Peers;

namespace Portal.Bench.Bulk;

/// <summary>The run as a Markdown section: the headline table, then where the time went and what was checked.</summary>
internal static class BulkReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(
        BenchOptions options,
        IReadOnlyDictionary<string, string?> hostSettings,
        double generateSeconds,
        BulkRun run,
        BulkChecks checks,
        IReadOnlyList<ReceivedEmail> emails,
        WrkResult health)
    {
        var patients = options.Patients;
        var queued = run.Queued.TotalSeconds;
        var delivered = run.Delivered.TotalSeconds;
        var lastAfter = checks.LastReceivedAt is { } last ? (last - run.StartedAt).TotalSeconds : double.NaN;
        var firstAfter = checks.FirstReceivedAt is { } first ? (first - run.StartedAt).TotalSeconds : double.NaN;
        // The job's last run of a chunk finds nobody left and marks the message completed.
        var chunks = run.ChunkMilliseconds.SkipLast(1).Order().ToList();
        var chunkSize = hostSettings.TryGetValue("Portal:Messaging:Bulk:ChunkSize", out var size) && size is not null ? size : "500 (the default)";
        var goal = run.View.State == "completed" && queued <= 10 ? "met" : "**not met**";
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"| patients | start request answered (202) | queued: start → `completed` (goal ≤ 10 s) | every email at the SMTP server: start → last | emails received / missing / duplicated / with the subject or body | `/health/live`/s, same run | queued per 1,000 `/health/live` | delivered per 1,000 `/health/live` |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(Invariant,
            $"| {patients:N0} | {run.Accepted.TotalMilliseconds:N0} ms | **{queued:F2} s** ({goal}) | **{lastAfter:F2} s** | {checks.Received:N0} / {checks.Missing} / {checks.Duplicated} / {checks.Leaking} | {health.RequestsPerSecond:N0} (p99 {health.P99:F1} ms) | {patients / queued / health.RequestsPerSecond * 1000:F1} | {patients / lastAfter / health.RequestsPerSecond * 1000:F1} |");
        text.AppendLine();
        text.AppendLine(Invariant, $"- **Queuing.** The bulk message ended `{run.View.State}` with {run.View.Sent:N0} sent and {run.View.Skipped:N0} skipped of {run.View.Selected:N0} selected{(run.View.Failure is null ? string.Empty : $" ({run.View.Failure})")}.");
        text.AppendLine(Invariant, $"  By the host's clock, from the row's creation to the last chunk's commit: {Seconds(run.View.ServerTime)}; the job started {Seconds(run.View.StartedAt - run.View.CreatedAt)} after the row was created.");
        text.AppendLine(Invariant, $"  The start request itself ({run.Accepted.TotalMilliseconds:N0} ms) counts the group once more, as the preview did ({run.Preview.TotalMilliseconds:N0} ms).");
        if (chunks.Count > 0)
        {
            text.AppendLine(Invariant,
                $"  {chunks.Count} chunks of {chunkSize} patients, each one transaction (recipients, conversations, messages, links, notifications, progress, audit entry), " +
                $"from the job's debug log: p50 {Percentile(chunks, 50):N0} ms, p90 {Percentile(chunks, 90):N0} ms, max {chunks[^1]:N0} ms, {chunks.Sum() / 1000:F2} s in all; " +
                $"then {run.ChunkMilliseconds[^1]:N0} ms to find nobody left and mark it completed. In order (ms): {string.Join(", ", run.ChunkMilliseconds.Select(c => c.ToString("F0", Invariant)))}.");
        }

        text.AppendLine(Invariant,
            $"- **Delivery.** The first email reached the SMTP server {firstAfter:F2} s after the start request (dispatch runs while the job is still queuing), the last {lastAfter:F2} s after it; " +
            $"from first to last {(lastAfter - firstAfter):F1} s, {patients / (lastAfter - firstAfter):N0} emails/s. The SMTP server held all {patients:N0} {delivered:F2} s after the start (seen by polling every 100 ms).");
        text.AppendLine(Invariant,
            $"- **Host CPU** (the host process, user and system): {run.HostCpuQueuing.TotalSeconds:F2} s while queuing, {run.HostCpuDelivering.TotalSeconds:F2} s from then until the last email.");
        text.AppendLine(Invariant,
            $"- **Checks.** {checks.Received:N0} emails for {checks.Expected:N0} patients: {checks.Missing} patients without one, {checks.Duplicated} with more than one, {checks.Unexpected} to an address of nobody's; " +
            $"{checks.Leaking} contain the message's subject or body, {checks.WithLink:N0} carry a Read message link. In the database: {checks.Stored.Conversations:N0} conversations and {checks.Stored.Messages:N0} messages in the clinic, " +
            $"{checks.Stored.Links:N0} Read message links, {checks.Stored.Notifications:N0} notifications ({checks.Stored.NotificationsSent:N0} sent, {checks.Stored.NotificationsFailed:N0} failed), " +
            $"{checks.Stored.RecipientsSent:N0} recipients sent and {checks.Stored.RecipientsSkipped:N0} skipped. Result: {(checks.AllDelivered ? "every patient was told once, and only that a message waits" : "**FAILED**")}.");
        text.AppendLine(Invariant,
            $"- **Setup.** `patients generate` added the {patients:N0} patients in {generateSeconds:F1} s; set-based SQL then made every one active, with portal access, preferring email and with an email of their own. " +
            $"The group is the patient search's \"active, with portal access\": the whole clinic. `/health/live` was measured with wrk for {options.HealthSeconds} s at {health.Connections} connections right after the last email.");
        if (emails.Count > 0 && emails[0].Subject is { } subject)
        {
            text.AppendLine(Invariant, $"  The emails' subject, as received: \"{subject}\".");
        }

        if (options.HostSettings.Count > 0)
        {
            text.AppendLine(Invariant, $"- Host configuration changed for this run: {string.Join(", ", options.HostSettings.Select(s => $"`{s.Key}={s.Value}`"))}.");
        }

        return text.ToString();
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? string.Create(Invariant, $"{s.TotalSeconds:F2} s") : "n/a";

    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
