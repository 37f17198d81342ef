using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Bench;
using Portal.Bench.Bulk;
using Portal.TestKit;
using Portal.TestKit.Peers;

// A bulk message to a whole clinic: patients set up through the host in this process, then the host in its
// own process, as in production, answering staff, running the bulk message job and dispatching the
// notifications to a real SMTP server in this process. Timed from the start request: everything queued
// (the bulk message completed), then every email at the SMTP server; /health/live is measured right after.
var options = BenchOptions.Parse(args);
ThreadPool.SetMinThreads(64, 64);
await using var smtp = await SmtpSink.StartAsync();
var connectionString = await TestDatabases.CreateAsync();
var filesRoot = Path.Combine(Path.GetTempPath(), "portal-bench-files", Guid.NewGuid().ToString("N"));
const string Slug = "bench";
// Neither may appear in any email: a notification only says that a message waits.
const string Subject = "Flu clinic 2026 (bench)";
const string Body = "The flu vaccination clinic opens on Monday at 9:00. Please bring your health card.";

var peers = new PortalAppOptions { ConnectionString = connectionString, FilesRoot = filesRoot }.WithSmtp(smtp.Port);
peers.Settings["Portal:Jobs:Enabled"] = "false";

TestClinic clinic;
Dictionary<string, Guid> expected;
double generateSeconds;
await using (var setupHost = await PortalApp.StartAsync(peers))
{
    clinic = await setupHost.CreateClinicAsync(Slug, "Bench Clinic");
    using (var owner = await setupHost.SignedInAsync(clinic, clinic.Owner))
    {
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
    }

    Console.WriteLine($"Adding {options.Patients:N0} made-up patients to the clinic...");
    var generating = Stopwatch.StartNew();
    var generated = await setupHost.RunCliAsync("patients generate", "--clinic", Slug, "--count", options.Patients.ToString(CultureInfo.InvariantCulture), "--seed", "2026");
    generating.Stop();
    generateSeconds = generating.Elapsed.TotalSeconds;
    if (generated.Exit != 0)
    {
        throw new InvalidOperationException($"patients generate failed: {generated.Output}");
    }

    // Every patient reachable by email: active, with portal access, preferring email, and an address of their
    // own for the 15 % the generator gave none (its addresses carry the patient's index, so they are unique).
    await setupHost.ExecuteAsync(
        """
        update registration.patients set active = true, portal_access = true, preferred_contact_method = 'email'
        where clinic_id = @clinicId;

        insert into registration.patient_contacts (clinic_id, patient_id, kind, value, position)
        select p.clinic_id, p.id, 'email', 'patient.' || replace(p.id::text, '-', '') || '@example.org', 0
        from registration.patients p
        where p.clinic_id = @clinicId
          and not exists (select 1 from registration.patient_contacts c where c.patient_id = p.id and c.kind = 'email');

        analyze registration.patients, registration.patient_contacts;
        """,
        new { clinicId = clinic.Id });
    var reachable = await setupHost.QueryAsync<Reachable>(
        """
        select p.id, (select c.value from registration.patient_contacts c
                      where c.patient_id = p.id and c.kind = 'email' order by c.position limit 1) as email
        from registration.patients p where p.clinic_id = @clinicId
        """,
        new { clinicId = clinic.Id });
    expected = reachable.ToDictionary(r => r.Email, r => r.Id, StringComparer.OrdinalIgnoreCase);
    if (expected.Count != options.Patients)
    {
        throw new InvalidOperationException($"{reachable.Count} patients with {expected.Count} distinct emails; the run needs {options.Patients} of each.");
    }
}

var settings = new Dictionary<string, string?>(peers.Settings)
{
    ["Portal:Jobs:Enabled"] = "true",
    ["Logging:LogLevel:Default"] = "Warning",
    // Each chunk's commit time, logged by the job at debug level, goes into the results.
    ["Logging:LogLevel:Portal.Messaging.Features.Bulk.BulkMessageJob"] = "Debug",
};
foreach (var (key, value) in options.HostSettings)
{
    settings[key] = value;
    Console.WriteLine($"Host setting {key} = {value}");
}

var bulkUrl = $"/api/clinics/{Slug}/messaging/bulk";
var group = new JsonObject { ["q"] = null, ["status"] = "active", ["portalAccess"] = "yes", ["bornBefore"] = null, ["bornOnOrAfter"] = null };
BulkRun run;
WrkResult health;
string hostOutput;
await using (var host = await HostProcess.StartAsync(connectionString, filesRoot, settings))
{
    using var hostProcess = Process.GetProcessById(host.ProcessId);
    using var staff = new PortalClient(host.BaseAddress);
    await staff.SignInAsync(clinic, clinic.Staff);

    var previewing = Stopwatch.StartNew();
    int wouldSend;
    using (var preview = await staff.SendJsonAsync(HttpMethod.Post, $"{bulkUrl}/preview", new JsonObject { ["group"] = group.DeepClone() }))
    {
        await preview.ShouldHaveStatusAsync(HttpStatusCode.OK);
        wouldSend = (await preview.ReadJsonAsync()).GetProperty("wouldSend").GetInt32();
    }

    previewing.Stop();
    if (wouldSend != options.Patients)
    {
        throw new InvalidOperationException($"The preview says {wouldSend} patients would be sent the message, not {options.Patients}.");
    }

    Console.WriteLine($"Preview: {wouldSend:N0} would be sent the message ({previewing.Elapsed.TotalMilliseconds:F0} ms). Starting the bulk message...");
    var cpuAtStart = hostProcess.TotalProcessorTime;
    var startedAt = DateTimeOffset.UtcNow;
    var clock = Stopwatch.StartNew();
    Guid id;
    using (var start = await staff.SendJsonAsync(HttpMethod.Post, bulkUrl, new JsonObject
           {
               ["group"] = group.DeepClone(),
               ["subject"] = Subject,
               ["body"] = Body,
               ["allowReplies"] = false,
           }))
    {
        await start.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        id = (await start.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    var accepted = clock.Elapsed;
    BulkView view;
    while (true)
    {
        using var response = await staff.GetAsync($"{bulkUrl}/{id}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        view = BulkView.From(await response.ReadJsonAsync());
        if (view.State is "completed" or "failed" or "cancelled" || clock.Elapsed > TimeSpan.FromMinutes(10))
        {
            break;
        }

        await Task.Delay(100);
    }

    var queued = clock.Elapsed;
    var cpuAtQueued = hostProcess.TotalProcessorTime;
    Console.WriteLine($"Bulk message {view.State} after {queued.TotalSeconds:F2} s; {smtp.Count:N0} emails received so far.");
    while (smtp.Count < options.Patients && clock.Elapsed < TimeSpan.FromMinutes(20))
    {
        await Task.Delay(100);
    }

    var delivered = clock.Elapsed;
    var cpuAtDelivered = hostProcess.TotalProcessorTime;
    Console.WriteLine($"{smtp.Count:N0} emails received after {delivered.TotalSeconds:F2} s. Measuring /health/live...");
    // The machine is shared: the same host's /health/live, measured right after, is what makes runs comparable.
    health = await Wrk.RunAsync(new Uri(host.BaseAddress, "/health/live"), options.HealthConnections, options.HealthSeconds);
    hostOutput = host.Output;
    run = new BulkRun(
        id, view, previewing.Elapsed, startedAt, accepted, queued, delivered,
        cpuAtQueued - cpuAtStart, cpuAtDelivered - cpuAtQueued, ChunkTimes(hostOutput));
}

var emails = smtp.Messages;
var checks = await BulkChecks.RunAsync(connectionString, clinic.Id, run.Id, expected, emails, Subject, Body);
var report = BulkReport.Write(options, settings, generateSeconds, run, checks, emails, health);
Console.WriteLine();
Console.WriteLine(report);
if (options.Output is not null)
{
    await File.WriteAllTextAsync(options.Output, report);
}

await TestDatabases.DropAsync(connectionString);
if (Directory.Exists(filesRoot))
{
    Directory.Delete(filesRoot, recursive: true);
}

return checks.AllDelivered ? 0 : 1;

// The job's "chunk committed in {Elapsed} ms" entries from the host's JSON console log, in order.
static IReadOnlyList<double> ChunkTimes(string output)
{
    var times = new List<double>();
    foreach (var line in output.Split('\n'))
    {
        if (!line.Contains("chunk committed", StringComparison.Ordinal))
        {
            continue;
        }

        using var entry = JsonDocument.Parse(line);
        if (entry.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("Elapsed", out var elapsed))
        {
            times.Add(elapsed.ValueKind == JsonValueKind.Number ? elapsed.GetDouble() : double.Parse(elapsed.GetString()!, CultureInfo.InvariantCulture));
        }
    }

    return times;
}

internal sealed record Reachable(Guid Id, string Email);
