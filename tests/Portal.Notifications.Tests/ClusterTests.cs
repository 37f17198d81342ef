using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Portal.TestKit.Peers;

namespace Portal.Notifications.Tests;

public sealed class ClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task R2_killing_a_host_mid_dispatch_loses_no_notification_and_duplicates_at_most_once_each_under_one_key()
    {
        const int total = 1000;
        await using var smtp = await SmtpSink.StartAsync();
        await using var twilio = await TwilioStandIn.StartAsync();
        // The queue is filled by a host that does not dispatch.
        var quiet = NotificationHost.Options(smtp, twilio);
        quiet.Settings["Portal:Jobs:Enabled"] = "false";
        await using var filler = await PortalApp.StartAsync(quiet);
        // The killed host runs the production build, so these use a production template.
        var requests = Enumerable.Range(0, total)
            .Select(i => new NotificationRequest(
                "notifications.test", null, NotificationChannels.Email, $"patient{i}@clinic.test", null, "en", new Dictionary<string, string>(), $"r2:{i}:{Guid.NewGuid()}"))
            .ToList();
        var ids = await filler.InScopeAsync(services =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<INotificationOutbox>(services)
                .EnqueueManyAsync(requests, CancellationToken.None));
        ids.Count.ShouldBe(total);

        // A host in its own process starts dispatching, slowly enough to be caught in the middle, and is killed.
        smtp.DelayPerMessage = TimeSpan.FromMilliseconds(10);
        var leaseSettings = new Dictionary<string, string?>(quiet.Settings)
        {
            ["Portal:Jobs:Enabled"] = "true",
            ["Notifications:Dispatch:Lease"] = "00:00:05",
            ["Notifications:Dispatch:Parallelism"] = "4",
        };
        await using (var doomed = await HostProcess.StartAsync(filler.ConnectionString, filler.FilesRoot, leaseSettings))
        {
            await smtp.WaitForCountAsync(100, TimeSpan.FromSeconds(60));
            await doomed.KillAsync();
        }

        var arrivedBeforeTheCrash = smtp.Count;
        arrivedBeforeTheCrash.ShouldBeLessThan(total, "the host finished before it could be killed");
        smtp.DelayPerMessage = TimeSpan.Zero;

        // A second host takes over once the dead host's claims expire.
        await using var survivor = await PortalApp.StartAsync(new PortalAppOptions
        {
            ConnectionString = filler.ConnectionString,
            FilesRoot = filler.FilesRoot,
            Clock = new ManualClock(),
            ConfigureServices = quiet.ConfigureServices,
        }.WithSmtp(smtp.Port).WithTwilio(twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken));
        survivor.Clock.Advance(TimeSpan.FromSeconds(10));
        await survivor.WaitForAsync(ids, row => row.State == "sent", TimeSpan.FromSeconds(120));

        var arrivals = smtp.Messages.GroupBy(mail => mail.MessageId).ToDictionary(g => g.Key!, g => g.Count());
        arrivals.Count.ShouldBe(total, "every notification arrived");
        arrivals.Values.Max().ShouldBeLessThanOrEqualTo(2, "a notification arrived more than twice");
        var duplicated = arrivals.Count(pair => pair.Value == 2);
        output.WriteLine($"{arrivedBeforeTheCrash} of {total} arrived before the host was killed; {duplicated} arrived twice.");
        duplicated.ShouldBeLessThanOrEqualTo(200, "more duplicates than one claimed batch can explain");
        // Each message carries its notification's id, and each id one deduplication key.
        (await survivor.QuerySingleAsync<long>("select count(distinct deduplication_key) from notifications.outbox where id = any(@ids)", new { ids = ids.ToArray() }))
            .ShouldBe(total);
        smtp.Messages.ShouldAllBe(mail => ids.Any(id => mail.MessageId == $"<{id}@127.0.0.1>"));
    }

    [Fact]
    public async Task R4_two_hosts_on_one_database_run_each_occurrence_of_a_recurring_job_once()
    {
        const string job = "notifications.retention";
        // This host only reads Hangfire's storage; the two that run jobs are processes of their own.
        var reader = new PortalAppOptions();
        reader.Settings["Portal:Jobs:Enabled"] = "false";
        await using var app = await PortalApp.StartAsync(reader);
        var settings = new Dictionary<string, string?> { [$"Portal:Jobs:Schedules:{job}"] = "every 00:00:01" };
        var hosts = await HostProcess.StartSeveralAsync(2, app.ConnectionString, app.FilesRoot, settings);
        await using var first = hosts[0];
        await using var second = hosts[1];

        await Task.Delay(TimeSpan.FromSeconds(10));

        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var runs = monitoring.SucceededJobs(0, 1000)
            .Select(entry => monitoring.JobDetails(entry.Key))
            .Where(details => details.Properties.TryGetValue("RecurringJobId", out var id) && id == JsonSerializer.Serialize(job))
            .Select(details => new Run(
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(details.Properties["Time"], CultureInfo.InvariantCulture)),
                ProcessOf(details.History.Single(state => state.StateName == "Processing").Data["ServerId"])))
            .ToList();
        output.WriteLine(string.Join(Environment.NewLine, runs.OrderBy(r => r.Scheduled).Select(r => $"{r.Scheduled:HH:mm:ss} ran in process {r.ProcessId}")));
        runs.Count.ShouldBeGreaterThanOrEqualTo(5, "the job hardly ran");
        runs.GroupBy(r => r.Scheduled).ShouldAllBe(occurrence => occurrence.Count() == 1, "an occurrence ran twice");
        runs.Select(r => r.ProcessId).Distinct().Order().ShouldBe(new[] { first.ProcessId, second.ProcessId }.Order(), "each host should have run some occurrences");
    }

    /// <summary>Hangfire names a server machine:process:id.</summary>
    private static int ProcessOf(string serverId) =>
        int.Parse(serverId.Split(':')[1], CultureInfo.InvariantCulture);

    private sealed record Run(DateTimeOffset Scheduled, int ProcessId);
}
