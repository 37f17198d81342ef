using System.Globalization;
using Xunit;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Host;
using Portal.Identity.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;

namespace Portal.TestKit;

public sealed class PortalAppOptions
{
    /// <summary>Share this database (e.g. a second host) instead of creating a fresh one.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Share this file store folder instead of a fresh one.</summary>
    public string? FilesRoot { get; init; }

    public ManualClock? Clock { get; init; }

    public string Environment { get; init; } = "Testing";

    /// <summary>Configuration on top of the defaults, e.g. <c>Portal:RateLimits:SignInPerMinute</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Services added before the host's own, e.g. notification templates only a test uses.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Sends email to this SMTP server instead of the pickup folder.</summary>
    public PortalAppOptions WithSmtp(int port)
    {
        Settings["Notifications:Email:Mode"] = "Smtp";
        Settings["Notifications:Email:Host"] = "127.0.0.1";
        Settings["Notifications:Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Notifications:Email:StartTls"] = "false";
        Settings["Notifications:Email:FromAddress"] = "portal@clinic.test";
        return this;
    }

    /// <summary>Sends SMS through this Twilio-compatible API.</summary>
    public PortalAppOptions WithTwilio(Uri baseUrl, string accountSid, string authToken, string from = "+15005550006")
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        Settings["Notifications:Sms:Mode"] = "Twilio";
        Settings["Notifications:Sms:Twilio:BaseUrl"] = baseUrl.ToString();
        Settings["Notifications:Sms:Twilio:AccountSid"] = accountSid;
        Settings["Notifications:Sms:Twilio:AuthToken"] = authToken;
        Settings["Notifications:Sms:Twilio:From"] = from;
        return this;
    }
}

/// <summary>
/// The real Portal host, over its whole pipeline, on Kestrel at a free loopback port, with its own
/// database and file folder, a clock the test controls, and captured logs.
/// </summary>
public sealed class PortalApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDatabase;
    private readonly bool _ownsFiles;

    private PortalApp(WebApplication app, Uri baseAddress, string connectionString, string filesRoot, ManualClock clock, LogCapture logs, bool ownsDatabase, bool ownsFiles)
    {
        _app = app;
        BaseAddress = baseAddress;
        ConnectionString = connectionString;
        FilesRoot = filesRoot;
        Clock = clock;
        Logs = logs;
        _ownsDatabase = ownsDatabase;
        _ownsFiles = ownsFiles;
    }

    public Uri BaseAddress { get; }

    public string ConnectionString { get; }

    public string FilesRoot { get; }

    public ManualClock Clock { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PortalApp> StartAsync(PortalAppOptions? options = null)
    {
        options ??= new PortalAppOptions();
        var connectionString = options.ConnectionString ?? await TestDatabases.CreateAsync();
        var filesRoot = options.FilesRoot ?? Path.Combine(Path.GetTempPath(), "portal-test-files", Guid.NewGuid().ToString("N"));
        var clock = options.Clock ?? new ManualClock();
        var logs = new LogCapture();

        // The port is chosen before start so that the public URL (in links and signed callbacks) is the real address.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var settings = DefaultSettings(connectionString, filesRoot, port);
            if (options.Environment != "Testing")
            {
                // Only a test host may lower the work factor: any other keeps the host's own.
                settings.Remove(StaffPasswordIterations);
            }

            foreach (var (key, value) in options.Settings)
            {
                settings[key] = value;
            }

            var app = PortalHost.Build(["--environment", options.Environment], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddSingleton<TimeProvider>(clock);
                options.ConfigureServices?.Invoke(builder.Services);
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
            });
            try
            {
                await app.StartAsync();
            }
            catch (IOException) when (attempt < 3)
            {
                // Another process took the port in between; try another.
                await app.DisposeAsync();
                continue;
            }

            return new PortalApp(app, new Uri($"http://127.0.0.1:{port}"), connectionString, filesRoot, clock, logs, options.ConnectionString is null, options.FilesRoot is null);
        }
    }

    private const string StaffPasswordIterations = "Identity:StaffPasswords:Iterations";

    /// <summary>The configuration every test host starts from.</summary>
    public static Dictionary<string, string?> DefaultSettings(string connectionString, string filesRoot, int port) => new()
    {
        ["ConnectionStrings:Portal"] = connectionString,
        ["urls"] = $"http://127.0.0.1:{port}",
        ["Portal:PublicUrl"] = $"http://127.0.0.1:{port}",
        ["Portal:MigrateOnStart"] = "false",
        ["Portal:Files:Root"] = filesRoot,
        ["Portal:RateLimits:SignInPerMinute"] = "100000",
        ["Portal:RateLimits:UploadsPerMinute"] = "100000",
        ["Portal:RateLimits:AccountChangesPerMinute"] = "100000",
        ["Portal:RateLimits:AccountReadsPerMinute"] = "100000",
        // Test hosts create thousands of staff accounts: their passwords are hashed with a small work factor (allowed only in "Testing").
        [StaffPasswordIterations] = "1000",
        ["Notifications:Email:PickupDirectory"] = Path.Combine(filesRoot, "mail"),
        ["Notifications:Sms:OutboxFile"] = Path.Combine(filesRoot, "sms", "outbox.jsonl"),
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Hangfire"] = "Warning",
        ["Notifications:Dispatch:QuietHoursStart"] = QuietMinuteAway.Start,
        ["Notifications:Dispatch:QuietHoursEnd"] = QuietMinuteAway.End,
    };

    /// <summary>
    /// Routine SMS wait out a clinic's quiet hours (21:00 to 08:00 unless it sets its own), and tests run at any
    /// hour. A test host's default window is therefore one minute, eleven and a half hours from the moment the
    /// tests start, in the clinics' Eastern time: no test sees it unless it moves its clock there. Tests of quiet
    /// hours set the Portal defaults back.
    /// </summary>
    private static readonly (string Start, string End) QuietMinuteAway = QuietMinuteFrom(DateTimeOffset.UtcNow);

    private static (string Start, string End) QuietMinuteFrom(DateTimeOffset now)
    {
        var eastern = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("America/Toronto"));
        var start = TimeOnly.FromDateTime(eastern.DateTime).Add(TimeSpan.FromMinutes(11 * 60 + 30));
        return (start.ToString("HH:mm", CultureInfo.InvariantCulture), start.AddMinutes(1).ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Another host on the same database and file store: what a load balancer would put beside this one.</summary>
    public Task<PortalApp> StartSecondHostAsync(ManualClock? clock = null, Action<PortalAppOptions>? configure = null)
    {
        var options = new PortalAppOptions { ConnectionString = ConnectionString, FilesRoot = FilesRoot, Clock = clock ?? Clock };
        configure?.Invoke(options);
        return StartAsync(options);
    }

    public PortalClient CreateClient() => new(BaseAddress);

    /// <summary>A client with nobody signed in yet, holding the antiforgery token a page fetches first.</summary>
    public async Task<PortalClient> AnonymousClientAsync()
    {
        var client = CreateClient();
        await client.FetchAntiforgeryTokenAsync();
        return client;
    }

    /// <summary>A client signed in as a member of the clinic.</summary>
    public async Task<PortalClient> SignedInAsync(TestClinic clinic, StaffCredentials who)
    {
        var client = CreateClient();
        await client.SignInAsync(clinic, who);
        return client;
    }

    /// <summary>Runs <paramref name="work"/> in a DI scope of the app, acting as the system.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<FallbackActor>().Actor = Actor.System("test");
        return await work(scope.ServiceProvider);
    }

    /// <summary>Runs a command-line command (<c>demo seed</c>, <c>patients generate</c>…) in the app, as <c>Portal.Host NAME ARGS</c> would.</summary>
    public Task<CliRun> RunCliAsync(string name, params string[] arguments) =>
        InScopeAsync(async services =>
        {
            var command = services.GetServices<ICliCommand>().Single(c => c.Name == name);
            using var output = new StringWriter();
            var exit = await command.RunAsync(CliArguments.For(command, arguments), output, CancellationToken.None);
            return new CliRun(exit, output.ToString());
        });

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    public async Task<T> QuerySingleAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>A clinic with an owner, an admin and a staff member whose passwords the test knows.</summary>
    public async Task<TestClinic> CreateClinicAsync(string? slug = null, string? name = null, string timeZone = "America/Toronto")
    {
        slug ??= "c-" + Guid.NewGuid().ToString("N")[..10];
        name ??= "Clinic " + slug;
        return await InScopeAsync(async services =>
        {
            var created = (await services.GetRequiredService<IClinics>()
                .CreateAsync(new NewClinic(slug, name, timeZone, "en"), CancellationToken.None)).ThrowIfFailed();
            var accounts = services.GetRequiredService<IStaffAccounts>();
            async Task<StaffCredentials> Person(string role)
            {
                var email = $"{role}@{slug}.test";
                var password = "horse battery staple " + Guid.NewGuid().ToString("N")[..10];
                var account = (await accounts.CreateWithPasswordAsync(
                    new NewStaffAccount(created.ClinicId, email, $"{role} of {slug}", role), password, CancellationToken.None)).ThrowIfFailed();
                return new StaffCredentials(account.UserId, email, password, role);
            }

            return new TestClinic(
                created.ClinicId,
                slug,
                name,
                await Person(StaffRoles.Owner),
                await Person(StaffRoles.Admin),
                await Person(StaffRoles.Staff));
        });
    }

    public Task<StaffCredentials> CreateOperatorAsync() =>
        InScopeAsync(async services =>
        {
            var email = $"operator-{Guid.NewGuid():N}@portal.test";
            const string password = "operators keep the lights on";
            var account = (await services.GetRequiredService<IStaffAccounts>().CreateWithPasswordAsync(
                new NewStaffAccount(null, email, "Test Operator", StaffRoles.Operator), password, CancellationToken.None)).ThrowIfFailed();
            return new StaffCredentials(account.UserId, email, password, StaffRoles.Operator);
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase)
        {
            await TestDatabases.DropAsync(ConnectionString);
        }

        if (_ownsFiles && Directory.Exists(FilesRoot))
        {
            Directory.Delete(FilesRoot, recursive: true);
        }
    }
}

/// <summary>What a command-line command returned and printed.</summary>
public sealed record CliRun(int Exit, string Output);

public sealed record StaffCredentials(Guid Id, string Email, string Password, string Role);

public sealed record TestClinic(Guid Id, string Slug, string Name, StaffCredentials Owner, StaffCredentials Admin, StaffCredentials Staff);

/// <summary>One app for a whole test class (xunit class fixture). Tests make their own clinics, so they do not meet.</summary>
public sealed class PortalAppFixture : IAsyncLifetime
{
    private PortalApp? _app;

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await PortalApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
