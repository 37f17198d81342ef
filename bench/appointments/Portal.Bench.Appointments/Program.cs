using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Portal.Bench;
using Portal.Bench.Appointments;
using Portal.TestKit;
using Portal.TestKit.Peers;

// Appointments at clinic scale: a clinic with made-up patients, providers working every weekday and about 100,000
// appointments (generate.sql), set up through a host in this process; then the host in its own process, as in production,
// measured beside /health/live: the patient's free-slot query for the type and any provider over two weeks (wrk),
// bookings of distinct slots by many signed-in patients at once, and those patients racing for a few slots.
var options = BenchOptions.Parse(args);
ThreadPool.SetMinThreads(128, 128);
await using var smtp = await SmtpSink.StartAsync();
var connectionString = await TestDatabases.CreateAsync();
var filesRoot = Path.Combine(Path.GetTempPath(), "portal-bench-files", Guid.NewGuid().ToString("N"));
const string Slug = "bench";

var peers = new PortalAppOptions { ConnectionString = connectionString, FilesRoot = filesRoot }.WithSmtp(smtp.Port);
var typeId = Guid.CreateVersion7();
TestClinic clinic;
List<PortalClient> signedIn;
DateOnly today;
var setup = new Dictionary<string, string>();
await using (var setupHost = await PortalApp.StartAsync(peers))
{
    clinic = await setupHost.CreateClinicAsync(Slug, "Bench Clinic");
    using (var owner = await setupHost.SignedInAsync(clinic, clinic.Owner))
    {
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
    }

    Console.WriteLine($"Adding {options.Patients:N0} made-up patients...");
    var generated = await setupHost.RunCliAsync("patients generate", "--clinic", Slug, "--count", options.Patients.ToString(CultureInfo.InvariantCulture), "--seed", "2026");
    if (generated.Exit != 0)
    {
        throw new InvalidOperationException($"patients generate failed: {generated.Output}");
    }

    await setupHost.ExecuteAsync("update registration.patients set portal_access = true where clinic_id = @Id and not portal_access", new { clinic.Id });
    var zone = await setupHost.QuerySingleAsync<string>("select time_zone from settings.clinics where id = @Id", new { clinic.Id });
    today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);

    Console.WriteLine($"Adding {options.Providers} providers, their usual weeks and their appointments (generate.sql)...");
    var generating = Stopwatch.StartNew();
    await setupHost.ExecuteAsync(
        await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "generate.sql")),
        new { ClinicId = clinic.Id, LocationId = Guid.CreateVersion7(), TypeId = typeId, options.Providers, Zone = zone, Today = today });
    setup["time zone"] = zone;
    setup["appointments generated in"] = $"{generating.Elapsed.TotalSeconds:F1} s";
    setup["appointments"] = $"{await setupHost.QuerySingleAsync<long>("select count(*) from appointments.appointments where clinic_id = @Id", new { clinic.Id }):N0}";
    setup["of them upcoming"] = $"{await setupHost.QuerySingleAsync<long>("select count(*) from appointments.appointments where clinic_id = @Id and starts_at > now()", new { clinic.Id }):N0}";
    setup["providers"] = $"{options.Providers}";
    setup["patients"] = $"{await setupHost.QuerySingleAsync<long>("select count(*) from registration.patients where clinic_id = @Id", new { clinic.Id }):N0}";

    // The patients who book: active, with an Ontario card and an email to receive their passcode.
    var eligible = (await setupHost.QueryAsync<(Guid Id, string Number, string Email)>(
        """
        select distinct on (p.id) p.id, i.number, c.value
        from registration.patients p
        join registration.patient_identifiers i on i.patient_id = p.id and i.id_type = 'ON'
        join registration.patient_contacts c on c.patient_id = p.id and c.kind = 'email'
        where p.clinic_id = @Id and p.active and p.portal_access
        order by p.id, c.position
        limit @Count
        """,
        new { clinic.Id, Count = options.Bookers + 1 })).ToList();
    if (eligible.Count <= options.Bookers)
    {
        throw new InvalidOperationException($"Only {eligible.Count} patients can sign in; the run needs {options.Bookers + 1}.");
    }

    Console.WriteLine($"Signing in {eligible.Count} patients...");
    signedIn = [];
    foreach (var group in eligible.Chunk(8))
    {
        signedIn.AddRange(await Task.WhenAll(group.Select(p => setupHost.SignedInPatientAsync(smtp, new TestPatient(clinic, p.Id, p.Number, p.Email)))));
    }
}

var settings = new Dictionary<string, string?>(peers.Settings)
{
    ["Portal:Jobs:Enabled"] = "false",
    ["Logging:LogLevel:Default"] = "Warning",
};
var failures = new List<string>();
string report;
await using (var host = await HostProcess.StartAsync(connectionString, filesRoot, settings))
{
    var patients = signedIn.Select(p => p.CopyTo(host.BaseAddress)).ToList();
    var reader = patients[0];
    var bookings = new Bookings(patients.Skip(1).ToList(), Slug, typeId);
    string SlotsPath(DateOnly from, DateOnly to) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/clinics/{Slug}/portal/appointments/slots?typeId={typeId}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
    async Task<List<Slot>> FreeAsync(DateOnly from, DateOnly to)
    {
        var list = await reader.GetJsonAsync<JsonElement>(SlotsPath(from, to));
        return list.GetProperty("items").EnumerateArray()
            .Select(s => new Slot(s.GetProperty("providerId").GetGuid(), s.GetProperty("startsAt").GetDateTimeOffset()))
            .ToList();
    }

    // The query measured: the type, any provider, the two weeks from next Monday.
    var monday = today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
    var measured = SlotsPath(monday, monday.AddDays(13));
    var measuredCount = (await FreeAsync(monday, monday.AddDays(13))).Count;
    var health = new Uri(host.BaseAddress, "/health/live");
    var cookie = new[] { "Cookie: " + string.Join("; ", reader.Cookies.Select(c => $"{c.Key}={c.Value}")) };
    Console.WriteLine($"Warming up, then /health/live and the slot query ({measuredCount:N0} free slots) for {options.Seconds} s each at {options.Connections} connections...");
    await Wrk.RunAsync(health, options.Connections, 2);
    await Wrk.RunAsync(new Uri(host.BaseAddress, measured), options.Connections, 3, cookie);
    var baseline = await Wrk.RunAsync(health, options.Connections, options.Seconds);
    var slots = await Wrk.RunAsync(new Uri(host.BaseAddress, measured), options.Connections, options.Seconds, cookie);

    // Distinct free slots three to eight weeks ahead, shuffled, for the bookings; a few more for a warm-up and the race.
    var free = new List<Slot>();
    for (var from = monday.AddDays(14); from <= today.AddDays(55); from = from.AddDays(14))
    {
        var to = from.AddDays(13) < today.AddDays(55) ? from.AddDays(13) : today.AddDays(55);
        free.AddRange(await FreeAsync(from, to));
    }

    new Random(2026).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(free));
    if (free.Count < options.Bookings + BenchOptions.ContestedSlots)
    {
        throw new InvalidOperationException($"Only {free.Count} free slots three to eight weeks ahead; the run needs {options.Bookings + BenchOptions.ContestedSlots}.");
    }

    // The first round meets a host whose connections to PostgreSQL are new: each opens, loads its catalog caches, and plans
    // each statement a few times before keeping a plan. Its bookings are then cancelled (as a clinic's staff could), and the
    // measured round books the same slots again on connections in their working state, as a host that has run for a while.
    var measuredSlots = free.GetRange(0, options.Bookings);
    Console.WriteLine($"Booking {options.Bookings:N0} distinct slots with {options.Bookers} patients at once, twice (the first on new connections)...");
    var first = await bookings.DistinctAsync(measuredSlots);
    await using (var data = new Npgsql.NpgsqlConnection(connectionString))
    {
        await data.OpenAsync();
        await using var cancel = new Npgsql.NpgsqlCommand(
            "update appointments.appointments set status = 'cancelled', status_changed_at = now(), updated_at = now(), sequence = sequence + 1 " +
            "where clinic_id = $1 and booked_by = 'patient' and status <> 'cancelled'", data);
        cancel.Parameters.AddWithValue(clinic.Id);
        await cancel.ExecuteNonQueryAsync();
    }

    Console.WriteLine($"Cancelled them; booking the same slots again ({first.PerSecond:N0}/s on new connections)...");
    var distinct = await bookings.DistinctAsync(measuredSlots);
    var contested = free.GetRange(options.Bookings, BenchOptions.ContestedSlots);
    Console.WriteLine($"{options.Bookers} patients racing for {contested.Count} slots...");
    var race = await bookings.RaceAsync(contested);
    var won = 0L;
    await using (var data = new Npgsql.NpgsqlConnection(connectionString))
    {
        await data.OpenAsync();
        foreach (var slot in contested)
        {
            await using var count = new Npgsql.NpgsqlCommand(
                "select count(*) from appointments.appointments where provider_id = $1 and starts_at = $2 and status = 'booked' and booked_by = 'patient'", data);
            count.Parameters.AddWithValue(slot.ProviderId);
            count.Parameters.AddWithValue(slot.StartsAt.ToUniversalTime());
            won += (long)(await count.ExecuteScalarAsync())!;
        }
    }

    if (slots.Errors > 0)
    {
        failures.Add($"{slots.Errors} slot queries failed");
    }

    if (first.Unexpected(HttpStatusCode.Created) > 0)
    {
        failures.Add($"{first.Unexpected(HttpStatusCode.Created)} bookings of distinct slots on new connections were not 201");
    }

    if (distinct.Unexpected(HttpStatusCode.Created) > 0)
    {
        failures.Add($"{distinct.Unexpected(HttpStatusCode.Created)} bookings of distinct slots were not 201");
    }

    // Every slot is won once when there are at least as many patients as slots; otherwise every patient wins one.
    var winners = Math.Min(options.Bookers, contested.Count);
    if (race.Count(HttpStatusCode.Created) != winners || won != winners || race.Unexpected(HttpStatusCode.Created, HttpStatusCode.Conflict) > 0)
    {
        failures.Add($"the race ended with {race.Count(HttpStatusCode.Created)} answers 201 and {won} bookings for {contested.Count} slots, where {winners} should win");
    }

    report = Report.Write(options, setup, baseline, slots, measuredCount, first, distinct, race, contested.Count, won, failures);
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

return failures.Count == 0 ? 0 : 1;
