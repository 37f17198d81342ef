using System.Diagnostics;
using System.Globalization;
using Portal.Bench;
using Portal.Bench.SignIn;
using Portal.TestKit;
using Portal.TestKit.Peers;

// Complete patient sign-ins per second: a clinic with its portal on and patients with portal access,
// set up through the host in this process; then the host in its own process, as in production,
// sending passcodes to a real SMTP server in this process, and simulated patients signing in with
// the passcode each email carried. /health/live is measured with wrk at each concurrency level.
var options = BenchOptions.Parse(args);
ThreadPool.SetMinThreads(64, 64);
await using var smtp = await SmtpSink.StartAsync();
var connectionString = await TestDatabases.CreateAsync();
var filesRoot = Path.Combine(Path.GetTempPath(), "portal-bench-files", Guid.NewGuid().ToString("N"));
const string Slug = "bench";

var peers = new PortalAppOptions { ConnectionString = connectionString, FilesRoot = filesRoot }.WithSmtp(smtp.Port);
peers.Settings["Portal:Jobs:Enabled"] = "false";
peers.Settings["Portal:RateLimits:SignInPerMinute"] = "10000000";

BenchSetup setup;
List<BenchPatient> patients;
Guid clinicId;
await using (var setupHost = await PortalApp.StartAsync(peers))
{
    var clinic = await setupHost.CreateClinicAsync(Slug, "Bench Clinic");
    clinicId = clinic.Id;
    using (var owner = await setupHost.SignedInAsync(clinic, clinic.Owner))
    {
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
    }

    // About half the made-up patients are active with an Ontario card and an email.
    var count = Math.Max(5_000, (int)Math.Ceiling(options.PatientsNeeded * 2.5 / 1000) * 1000);
    Console.WriteLine($"Adding {count:N0} made-up patients to the clinic...");
    var generating = Stopwatch.StartNew();
    var generated = await setupHost.RunCliAsync("patients generate", "--clinic", Slug, "--count", count.ToString(CultureInfo.InvariantCulture), "--seed", "2026");
    generating.Stop();
    if (generated.Exit != 0)
    {
        throw new InvalidOperationException($"patients generate failed: {generated.Output}");
    }

    await setupHost.ExecuteAsync("update registration.patients set portal_access = true where clinic_id = @clinicId and not portal_access", new { clinicId });
    await setupHost.ExecuteAsync("analyze registration.patients, registration.patient_contacts, registration.patient_identifiers");
    var eligible = await setupHost.QueryAsync<BenchPatient>(
        """
        select distinct on (p.id) p.id, i.number as health_number, c.value as email
        from registration.patients p
        join registration.patient_identifiers i on i.patient_id = p.id and i.id_type = 'ON'
        join registration.patient_contacts c on c.patient_id = p.id and c.kind = 'email'
        where p.clinic_id = @clinicId and p.active and p.portal_access
        order by p.id, c.position
        """,
        new { clinicId });
    if (eligible.Count < options.PatientsNeeded)
    {
        throw new InvalidOperationException($"Only {eligible.Count} patients can sign in; the run needs {options.PatientsNeeded}.");
    }

    patients = [.. eligible];
    new Random(2026).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(patients));
    var inClinic = await setupHost.QuerySingleAsync<int>("select count(*)::integer from registration.patients where clinic_id = @clinicId", new { clinicId });
    setup = new BenchSetup(inClinic, generating.Elapsed.TotalSeconds, eligible.Count, options.WarmUp);
}

var settings = new Dictionary<string, string?>(peers.Settings)
{
    ["Portal:Jobs:Enabled"] = "true",
    ["Logging:LogLevel:Default"] = "Warning",
};
foreach (var (key, value) in options.HostSettings)
{
    settings[key] = value;
    Console.WriteLine($"Host setting {key} = {value}");
}

var levels = new List<(LevelResult Level, WrkResult Health)>();
var emailsReceived = 0;
await using (var host = await HostProcess.StartAsync(connectionString, filesRoot, settings))
{
    var driver = new SignInDriver(host.BaseAddress, Slug, smtp);
    var health = new Uri(host.BaseAddress, "/health/live");
    var taken = 0;
    List<BenchPatient> Take(int n)
    {
        var slice = patients.GetRange(taken, n);
        taken += n;
        return slice;
    }

    if (options.WarmUp > 0)
    {
        Console.WriteLine($"Warming up: {options.WarmUp} sign-ins and 2 s of /health/live...");
        var warmUp = await driver.RunAsync(Take(options.WarmUp), options.Clients.Max());
        if (warmUp.Failures.Count > 0)
        {
            Console.WriteLine($"  {warmUp.Failures.Count} warm-up sign-ins failed, the first: {warmUp.Failures[0]}");
        }

        await Wrk.RunAsync(health, options.Clients.Max(), 2);
    }

    emailsReceived += smtp.Count;
    smtp.Clear();
    foreach (var clients in options.Clients)
    {
        Console.WriteLine($"{clients} clients: /health/live for {options.HealthSeconds} s, then {options.SignIns:N0} sign-ins...");
        var baseline = await Wrk.RunAsync(health, clients, options.HealthSeconds);
        var level = await driver.RunAsync(Take(options.SignIns), clients);
        emailsReceived += smtp.Count;
        smtp.Clear();
        levels.Add((level, baseline));
        Console.WriteLine(
            $"  {level.Timings.Count:N0} signed in, {level.Failures.Count} failed, in {level.Elapsed.TotalSeconds:F1} s: {level.PerSecond:N0}/s " +
            $"(p50 {Report.Percentile(level.Timings.Select(t => t.Total).ToList(), 50):F1} ms); /health/live {baseline.RequestsPerSecond:N0}/s");
        foreach (var failure in level.Failures.Distinct().Take(3))
        {
            Console.WriteLine($"  failure: {failure}");
        }
    }
}

var checks = new RunChecks(
    await CountAsync("select count(*) from identity.patient_sessions where clinic_id = @clinicId"),
    await CountAsync("select count(*) from identity.patient_sign_in_attempts where clinic_id = @clinicId and used_at is not null"),
    await CountAsync("select count(*) from notifications.outbox where clinic_id = @clinicId and state = 'sent'"),
    await CountAsync("select count(*) from notifications.outbox where clinic_id = @clinicId and state = 'failed'"),
    emailsReceived);
var report = Report.Write(setup, levels, checks);
if (options.HostSettings.Count > 0)
{
    report += Environment.NewLine + "Host configuration changed for this run: " +
        string.Join(", ", options.HostSettings.Select(s => $"`{s.Key}={s.Value}`")) + "." + Environment.NewLine;
}

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

return levels.All(l => l.Level.Failures.Count == 0) && checks.NotificationsFailed == 0 ? 0 : 1;

async Task<long> CountAsync(string sql)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand(sql, connection);
    command.Parameters.AddWithValue("clinicId", clinicId);
    return (long)(await command.ExecuteScalarAsync())!;
}
