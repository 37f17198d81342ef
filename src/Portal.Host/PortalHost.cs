using System.Text.Json;
using Portal.Appointments;
using Portal.Billing;
using Portal.Identity;
using Portal.Messaging;
using Portal.Notifications;
using Portal.Questionnaires;
using Portal.Host.WebApp;
using Portal.Registration;
using Portal.Settings;
using Portal.Shared;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Modules;

namespace Portal.Host;

/// <summary>
/// The composition root: which modules make up Portal, the web host around them, and the command
/// line (<c>Portal.Host migrate</c>, <c>Portal.Host clinics add …</c>). No business code lives here.
/// </summary>
public static class PortalHost
{
    /// <summary>Every module, in migration order.</summary>
    public static IReadOnlyList<IPortalModule> Modules { get; } =
    [
        new PlatformModule(),
        new NotificationsModule(),
        new SettingsModule(),
        new IdentityModule(),
        new RegistrationModule(),
        new MessagingModule(),
        new AppointmentsModule(),
        new BillingModule(),
        new QuestionnairesModule(),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] == "serve")
        {
            await using var app = Build(args.Skip(1).ToArray());
            if (app.Services.GetPortalOptions().MigrateOnStart)
            {
                await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);
            }

            await app.RunAsync();
            return 0;
        }

        // The command line speaks to a person: only warnings and errors are logged.
        await using var cli = Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        }));
        return await CommandLine.RunAsync(cli.Services, args, Console.Out, CancellationToken.None);
    }

    /// <summary>
    /// Builds the web application. <paramref name="configure"/> runs before any service is
    /// registered, so tests can add configuration and replace <see cref="TimeProvider"/> or logging.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        ApplyEnvironmentShortcuts(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
        configure?.Invoke(builder);

        var portal = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = portal.MaxRequestBodyBytes;
        });
        builder.Services.AddPortalPlatform(builder.Configuration, Modules);
        builder.Services.Configure<WebAppOptions>(builder.Configuration.GetSection("Portal:Web"));
        builder.Services.AddSingleton<WebAppFiles>();
        builder.Services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<ClinicSlugRouteConstraint>(ClinicSlugRouteConstraint.Name));

        var app = builder.Build();
        app.UsePortalPlatform(Modules, beforeRouting: web => web.UseWebAppAssets());
        app.MapWebAppPages();
        return app;
    }

    /// <summary>PORTAL_DB and PORTAL_URL, the two variables the README documents, map onto configuration.</summary>
    private static void ApplyEnvironmentShortcuts(WebApplicationBuilder builder)
    {
        var overrides = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("PORTAL_DB") is { Length: > 0 } database)
        {
            overrides[$"ConnectionStrings:{PlatformRegistration.ConnectionStringName}"] = database;
        }

        if (Environment.GetEnvironmentVariable("PORTAL_URL") is { Length: > 0 } url)
        {
            overrides["urls"] = url;
            if (Environment.GetEnvironmentVariable("Portal__PublicUrl") is null)
            {
                overrides["Portal:PublicUrl"] = url;
            }
        }
        else if (builder.Configuration["urls"] is null)
        {
            overrides["urls"] = builder.Configuration["Portal:PublicUrl"] ?? "http://127.0.0.1:5080";
        }

        builder.Configuration.AddInMemoryCollection(overrides);
    }
}
