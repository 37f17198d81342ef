using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Bench;
using Portal.Bench.Visits;
using Portal.TestKit;
using Portal.TestKit.Peers;

// A virtual visit's signalling (ADR 26) on one host in its own process, as in production, beside /health/live measured in the
// same run: how long a signal takes from one participant through the hub to the other (and back), and how many signalling
// connections the host holds while its memory grows by at most 100 MB. The demo clinic, a video consultation in ten minutes
// (its room open), its code re-sent by the front desk and both admissions come from a host in this process first.
var options = BenchOptions.Parse(args);
ThreadPool.SetMinThreads(64, 64);
await using var smtp = await SmtpSink.StartAsync();
var connectionString = await TestDatabases.CreateAsync();
var filesRoot = Path.Combine(Path.GetTempPath(), "portal-bench-files", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(filesRoot);
const string Slug = "demo";

var peers = new PortalAppOptions { ConnectionString = connectionString, FilesRoot = filesRoot }.WithSmtp(smtp.Port);
string providerTicket;
string patientTicket;
await using (var setupHost = await PortalApp.StartAsync(peers))
{
    Console.WriteLine("Seeding the demo clinic...");
    var credentialsFile = Path.Combine(filesRoot, "demo-credentials.txt");
    var seeded = await setupHost.RunCliAsync("demo seed", "--clinic", Slug, "--credentials-file", credentialsFile);
    if (seeded.Exit != 0)
    {
        throw new InvalidOperationException($"demo seed failed: {seeded.Output}");
    }

    var admin = (await File.ReadAllLinesAsync(credentialsFile)).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(f => f[0] == "admin");
    var clinicId = await setupHost.QuerySingleAsync<Guid>("select id from settings.clinics where slug = @Slug", new { Slug });
    var adminId = await setupHost.QuerySingleAsync<Guid>("select id from identity.staff_users where email = @email", new { email = admin[1] });
    var credentials = new StaffCredentials(adminId, admin[1], admin[2], "admin");
    var clinic = new TestClinic(clinicId, Slug, "Demo", credentials, credentials, credentials);
    var (patientId, email) = await setupHost.QuerySingleAsync<(Guid, string)>(
        """
        select p.id, c.value
        from registration.patients p
        join registration.patient_contacts c on c.patient_id = p.id and c.kind = 'email' and c.position = 0
        where p.clinic_id = @clinicId and p.active and p.preferred_contact_method = 'email' and p.preferred_language = 'en'
        order by p.sort_key limit 1
        """,
        new { clinicId });

    // A video consultation with the provider the admin signs in as, in ten minutes: its room is open (15 minutes before).
    var appointmentId = Guid.NewGuid();
    var starts = DateTimeOffset.UtcNow.AddMinutes(10);
    await setupHost.ExecuteAsync(
        """
        update appointments.providers set staff_account_id = @adminId where clinic_id = @clinicId and name = 'Dr. Amira Haddad';
        insert into appointments.appointments (id, clinic_id, patient_id, provider_id, type_id, starts_at, ends_at, occupied, status, booked_by,
                                               created_at, updated_at, status_changed_at)
        select @appointmentId, t.clinic_id, @patientId, p.id, t.id, @starts, @ends, tstzrange(@starts, @ends), 'booked', 'staff', now(), now(), now()
        from appointments.appointment_types t
        join appointments.providers p on p.clinic_id = t.clinic_id and p.name = 'Dr. Amira Haddad'
        where t.clinic_id = @clinicId and t.name_en = 'Video consultation'
        """,
        new { appointmentId, clinicId, patientId, adminId, starts, ends = starts.AddMinutes(15) });

    using var staff = await setupHost.SignedInAsync(clinic, credentials);
    using (var resent = await staff.PostJsonAsync($"/api/clinics/{Slug}/appointments/{appointmentId}/visit/code", new { }))
    {
        await resent.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
    }

    var deadline = DateTime.UtcNow.AddSeconds(60);
    ReceivedEmail? codeMail = null;
    while (codeMail is null && DateTime.UtcNow < deadline)
    {
        codeMail = smtp.Messages.FirstOrDefault(m => m.Recipients.Contains(email) && m.Subject!.StartsWith("Your virtual visit code", StringComparison.Ordinal));
        await Task.Delay(200);
    }

    var text = codeMail?.TextBody ?? throw new InvalidOperationException("The visit code never reached the patient.");
    var code = Regex.Match(text, @"Access code \(case-sensitive\): (\S+)").Groups[1].Value;
    var room = Regex.Match(text, @"/visit/([0-9a-f-]{36})").Groups[1].Value;
    using var anonymous = await setupHost.AnonymousClientAsync();
    patientTicket = await TicketAsync(anonymous, $"/api/clinics/{Slug}/visits/{room}/join", new { code });
    providerTicket = await TicketAsync(staff, $"/api/clinics/{Slug}/appointments/{appointmentId}/visit/join", new { });
}

var settings = new Dictionary<string, string?>(peers.Settings)
{
    ["Portal:Jobs:Enabled"] = "false",
    ["Logging:LogLevel:Default"] = "Warning",
};
var results = new Dictionary<string, string>();
var failures = new List<string>();
WrkResult baseline;
await using (var host = await HostProcess.StartAsync(connectionString, filesRoot, settings))
{
    var health = new Uri(host.BaseAddress, "/health/live");
    Console.WriteLine($"/health/live for {options.Seconds} s at {options.Connections} connections...");
    await Wrk.RunAsync(health, options.Connections, 2);
    baseline = await Wrk.RunAsync(health, options.Connections, options.Seconds);

    // Relay: the provider sends a signal; the patient's handler notes when it came and sends it back; the provider notes when
    // the answer came. One signal at a time, so each figure is one trip through the hub, not a queue.
    var payload = new string('a', options.Payload);
    await using var patient = Connect(host.BaseAddress, patientTicket);
    await using var provider = Connect(host.BaseAddress, providerTicket);
    var arrived = 0L;
    TaskCompletionSource<long>? back = null;
    patient.On<string, string>("signal", (kind, text) =>
    {
        Interlocked.Exchange(ref arrived, Stopwatch.GetTimestamp());
        return patient.SendAsync("Signal", "answer", text);
    });
    provider.On<string, string>("signal", (_, _) => back?.TrySetResult(Stopwatch.GetTimestamp()));
    var joined = new TaskCompletionSource();
    provider.On<string>("peer-joined", _ => joined.TrySetResult());
    await patient.StartAsync();
    await provider.StartAsync();
    await joined.Task.WaitAsync(TimeSpan.FromSeconds(10));

    var oneWay = new List<double>();
    var roundTrip = new List<double>();
    Console.WriteLine($"Relaying {options.Messages:N0} signals of {options.Payload} characters through the hub, one at a time...");
    for (var i = -200; i < options.Messages; i++)
    {
        back = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = Stopwatch.GetTimestamp();
        await provider.SendAsync("Signal", "candidate", payload);
        var returned = await back.Task.WaitAsync(TimeSpan.FromSeconds(10));
        if (i >= 0)
        {
            oneWay.Add(Stopwatch.GetElapsedTime(sent, Interlocked.Read(ref arrived)).TotalMilliseconds);
            roundTrip.Add(Stopwatch.GetElapsedTime(sent, returned).TotalMilliseconds);
        }
    }

    results["relay one way p50"] = Ms(Percentile(oneWay, 50));
    results["relay one way p99"] = Ms(Percentile(oneWay, 99));
    results["relay there and back p50"] = Ms(Percentile(roundTrip, 50));
    results["relay there and back p99"] = Ms(Percentile(roundTrip, 99));
    await patient.StopAsync();
    await provider.StopAsync();

    // Connections: each one presents the provider's ticket, is admitted (the ticket read, the visit looked up, the join
    // audited) and takes the provider's place, as a browser coming back after a blip does; the one before stays open. The
    // host's resident memory is read after each batch.
    await Task.Delay(2000);
    var before = Rss(host.ProcessId);
    var open = new List<HubConnection>();
    var readings = new List<(int Count, long Extra)>();
    var refused = 0;
    Console.WriteLine($"Opening signalling connections in batches of {options.Batch} while the host grows by at most 100 MB (from {before / 1048576.0:F0} MB)...");
    var opening = Stopwatch.StartNew();
    using var gate = new SemaphoreSlim(32);
    while (open.Count < options.MaxConnections)
    {
        var batch = await Task.WhenAll(Enumerable.Range(0, options.Batch).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = Connect(host.BaseAddress, providerTicket);
                var admitted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.On("waiting", () => admitted.TrySetResult(true));
                connection.On<string>("refused", _ => admitted.TrySetResult(false));
                await connection.StartAsync();
                return (connection, ok: await admitted.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            }
            finally
            {
                gate.Release();
            }
        }));
        open.AddRange(batch.Select(b => b.connection));
        refused += batch.Count(b => !b.ok);
        await Task.Delay(1000);
        var extra = Rss(host.ProcessId) - before;
        readings.Add((open.Count, extra));
        Console.WriteLine($"  {open.Count,6:N0} connections: +{extra / 1048576.0:F1} MB");
        if (extra > BenchOptions.MemoryBudgetBytes || refused > 0)
        {
            break;
        }
    }

    var within = readings.Where(r => r.Extra <= BenchOptions.MemoryBudgetBytes).DefaultIfEmpty((0, 0)).Last();
    var last = readings[^1];
    var perConnection = (double)last.Extra / last.Count;
    results["connections opened"] = $"{open.Count:N0} in {opening.Elapsed.TotalSeconds:F0} s ({open.Count / opening.Elapsed.TotalSeconds:F0}/s)";
    results["host memory before them"] = $"{before / 1048576.0:F0} MB";
    results["connections held at ≤ 100 MB extra"] = within.Count == last.Count && last.Extra <= BenchOptions.MemoryBudgetBytes
        ? $"≥ {within.Count:N0} (the run's cap; +{within.Extra / 1048576.0:F1} MB)"
        : $"{within.Count:N0} (+{within.Extra / 1048576.0:F1} MB; {last.Count:N0} took +{last.Extra / 1048576.0:F1} MB)";
    results["extra memory per connection"] = $"{perConnection / 1024:F1} KB";
    results["100 MB ÷ memory per connection"] = $"{BenchOptions.MemoryBudgetBytes / perConnection:N0}";
    if (refused > 0)
    {
        failures.Add($"{refused} connections were refused");
    }

    Console.WriteLine("Closing them...");
    foreach (var chunk in open.Chunk(500))
    {
        await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
    }
}

var report = new System.Text.StringBuilder();
report.AppendLine("| measured | value |").AppendLine("| --- | --- |");
report.AppendLine(CultureInfo.InvariantCulture,
    $"| /health/live, {baseline.Connections} connections (wrk, same run) | {baseline.RequestsPerSecond:N0} req/s, p50 {baseline.P50:F2} ms, p99 {baseline.P99:F2} ms |");
foreach (var (name, value) in results)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
}

if (failures.Count > 0)
{
    report.AppendLine().AppendLine("Failures: " + string.Join("; ", failures));
}

Console.WriteLine();
Console.WriteLine(report);
if (options.Output is not null)
{
    await File.WriteAllTextAsync(options.Output, report.ToString());
}

await TestDatabases.DropAsync(connectionString);
Directory.Delete(filesRoot, recursive: true);
return failures.Count == 0 ? 0 : 1;

static HubConnection Connect(Uri baseAddress, string ticket) =>
    new HubConnectionBuilder()
        .WithUrl(new Uri(baseAddress, $"/api/visits/signal?ticket={Uri.EscapeDataString(ticket)}"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        })
        .Build();

static async Task<string> TicketAsync(PortalClient client, string path, object body)
{
    using var response = await client.PostJsonAsync(path, body);
    await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
    return (await response.ReadJsonAsync()).GetProperty("ticket").GetString()!;
}

static long Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

static double Percentile(List<double> values, int percent)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string Ms(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:F2} ms");
