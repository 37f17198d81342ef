using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Bench;
using Portal.Bench.Notifications;
using Portal.Notifications;
using Portal.Shared.Database;
using Portal.TestKit;
using Portal.TestKit.Peers;

// Dispatch throughput: N notifications queued first, then one host (its own process, as in
// production) sends them to a real SMTP server and the Twilio stand-in, both in this process.
var options = BenchOptions.Parse(args);
ThreadPool.SetMinThreads(64, 64);
await using var smtp = await SmtpSink.StartAsync();
await using var twilio = await TwilioStandIn.StartAsync();
var connectionString = await TestDatabases.CreateAsync();
var filesRoot = Path.Combine(Path.GetTempPath(), "portal-bench-files", Guid.NewGuid().ToString("N"));

var peers = new PortalAppOptions { ConnectionString = connectionString, FilesRoot = filesRoot }
    .WithSmtp(smtp.Port)
    .WithTwilio(twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);
peers.Settings["Portal:Jobs:Enabled"] = "false";

Console.WriteLine($"Queuing {options.Count:N0} notifications ({options.SmsShare:P0} SMS)...");
var enqueue = Stopwatch.StartNew();
await using (var filler = await PortalApp.StartAsync(peers))
{
    for (var start = 0; start < options.Count; start += 1000)
    {
        var batch = Enumerable.Range(start, Math.Min(1000, options.Count - start)).Select(i => Request(i, options)).ToList();
        await filler.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            var ids = await services.GetRequiredService<INotificationOutbox>().EnqueueManyAsync(batch, CancellationToken.None);
            await db.CommitAsync(CancellationToken.None);
            return ids.Count;
        });
    }
}

enqueue.Stop();
Console.WriteLine($"Queued in {enqueue.Elapsed.TotalSeconds:F1} s ({options.Count / enqueue.Elapsed.TotalSeconds:N0}/s). Dispatching...");

var settings = new Dictionary<string, string?>(peers.Settings)
{
    ["Portal:Jobs:Enabled"] = "true",
    ["Notifications:Dispatch:Parallelism"] = options.Parallelism.ToString(CultureInfo.InvariantCulture),
    ["Notifications:Dispatch:BatchSize"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
    ["Notifications:Email:MaxConnections"] = options.Parallelism.ToString(CultureInfo.InvariantCulture),
    ["Logging:LogLevel:Default"] = "Warning",
};
var samples = new List<(double Seconds, long Sent)>();
var clock = Stopwatch.StartNew();
WrkResult health;
await using (var host = await HostProcess.StartAsync(connectionString, filesRoot, settings))
{
    var started = clock.Elapsed.TotalSeconds;
    while (clock.Elapsed < TimeSpan.FromMinutes(20))
    {
        var sent = await CountSentAsync(connectionString);
        samples.Add((clock.Elapsed.TotalSeconds - started, sent));
        if (sent >= options.Count)
        {
            break;
        }

        await Task.Delay(1000);
    }

    // The machine is shared: the same host's /health/live, measured right after, is what makes runs comparable.
    health = await Wrk.RunAsync(new Uri(host.BaseAddress, "/health/live"), options.Parallelism, 5);
}

var settledRows = await SettledAsync(connectionString);
var emails = smtp.Messages;
var first = emails.Select(m => m.ReceivedAt).Concat(twilio.Messages.Select(m => m.ReceivedAt)).Min();
var last = emails.Select(m => m.ReceivedAt).Concat(twilio.Messages.Select(m => m.ReceivedAt)).Max();
var span = (last - first).TotalSeconds;
var duplicates = emails.GroupBy(m => m.MessageId).Count(g => g.Count() > 1);
var peak = samples.Zip(samples.Skip(5), (a, b) => (b.Sent - a.Sent) / (b.Seconds - a.Seconds)).DefaultIfEmpty(0).Max();
var result = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"| {options.Count:N0} | {options.SmsShare:P0} | {options.Parallelism} | {options.BatchSize} | {options.Count / enqueue.Elapsed.TotalSeconds:N0} | {span:F1} s | **{options.Count / span:N0}** | {peak:N0} | {emails.Count:N0} / {twilio.Messages.Count:N0} | {settledRows.Failed} | {duplicates} | {health.RequestsPerSecond:N0} | {options.Count / span / health.RequestsPerSecond * 1000:F1} |")
    .ToString();
Console.WriteLine(result);
if (options.Output is not null)
{
    await File.AppendAllTextAsync(options.Output, result);
}

await TestDatabases.DropAsync(connectionString);
return settledRows.Sent == options.Count ? 0 : 1;

static NotificationRequest Request(int i, BenchOptions options) =>
    i % 100 < options.SmsShare * 100
        ? new NotificationRequest("notifications.test", null, NotificationChannels.Sms, null, $"+1613{i:D7}", i % 2 == 0 ? "en" : "fr", new Dictionary<string, string>(), $"bench:{i}")
        : new NotificationRequest("notifications.test", null, NotificationChannels.Email, $"patient{i}@clinic.test", null, i % 2 == 0 ? "en" : "fr", new Dictionary<string, string>(), $"bench:{i}");

static async Task<long> CountSentAsync(string connectionString)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand("select count(*) from notifications.outbox where state = 'sent'", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task<(long Sent, long Failed)> SettledAsync(string connectionString)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand(
        "select count(*) filter (where state = 'sent'), count(*) filter (where state = 'failed') from notifications.outbox", connection);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0), reader.GetInt64(1));
}
