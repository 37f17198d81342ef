using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.DataProtection;
using Portal.Shared.Endpoints;
using Portal.Shared.Events;
using Portal.Shared.Files;
using Portal.Shared.Jobs;
using Portal.Shared.Mediation;
using Portal.Shared.Modules;
using Portal.Shared.OpenApi;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Shared;

/// <summary>Wires the building blocks and the modules into a host: services first, then the request pipeline.</summary>
public static class PlatformRegistration
{
    public const string ConnectionStringName = "Portal";

    public static IServiceCollection AddPortalPlatform(
        this IServiceCollection services, IConfiguration configuration, IReadOnlyList<IPortalModule> modules)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(modules);

        // No default authentication scheme, even when only one is registered: every policy names its
        // scheme, and antiforgery tokens stay independent of who is signed in (see AntiforgeryValidation).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        services.Configure<FileStoreOptions>(configuration.GetSection("Portal:Files"));

        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. build/run sets it for the embedded default; PORTAL_DB sets it too.");
        DapperTypeHandlers.Register();
        services.AddSingleton(_ => DataSources.Build(connectionString, resetOnClose: false));
        services.AddKeyedSingleton(DataSources.WithSessionState, (_, _) => DataSources.Build(connectionString, resetOnClose: true));
        services.AddScoped<IDbSession, DbSession>();
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<DatabaseNotificationListener>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddScoped<FallbackActor>();
        services.AddScoped<IActorContext, HttpActorContext>();
        services.AddSingleton<ReadAuditWriter>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<IIntegrationEvents, IntegrationEvents>();
        services.AddScoped<ClinicContext>();
        services.AddSingleton<IFileStore>(provider =>
            provider.GetRequiredService<IOptions<FileStoreOptions>>().Value.Store == FileStoreKind.Disk
                ? ActivatorUtilities.CreateInstance<LocalFileStore>(provider)
                : new PostgresFileStore(
                    provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSources.WithSessionState)));

        var assemblies = ModuleAssemblies(modules);
        foreach (var module in modules)
        {
            services.AddSingleton(module);
            module.AddServices(services, configuration);
        }

        services.AddPortalMediation(assemblies);
        services.AddPortalEndpoints(assemblies);
        services.AddPortalJobs(configuration, assemblies);
        services.Scan(scan => scan
            .FromAssemblies(assemblies)
            .AddClasses(c => c.AssignableTo<ICliCommand>(), publicOnly: false).As<ICliCommand>().WithScopedLifetime()
            .AddClasses(c => c.AssignableTo<IDemoDataSeeder>(), publicOnly: false).As<IDemoDataSeeder>().WithScopedLifetime());

        services.AddProblemDetails(problem => problem.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<GlobalExceptionHandler>();
        services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new StrictStringConverter());
            // A missing property or a null where the contract says non-null is a malformed request,
            // not a default value silently turning a setting off.
            json.SerializerOptions.RespectRequiredConstructorParameters = true;
            json.SerializerOptions.RespectNullableAnnotations = true;
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            json.SerializerOptions.AllowTrailingCommas = false;
            json.SerializerOptions.ReadCommentHandling = JsonCommentHandling.Disallow;
            json.SerializerOptions.TypeInfoResolver = (json.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(NonNullElements.Modify);
        });

        services.AddAntiforgery(antiforgery => AntiforgeryValidation.Configure(antiforgery, options.PublicUrl));
        services.AddPortalDataProtection(options.DataProtection);
        services.AddPortalRateLimiting();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddPortalOpenApi();
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("Portal:TrustedProxies").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>The request pipeline, in the one order that keeps each check meaningful.</summary>
    /// <param name="beforeRouting">Middleware that serves content without endpoints, such as the web app's static assets.</param>
    public static WebApplication UsePortalPlatform(
        this WebApplication app, IReadOnlyList<IPortalModule> modules, Action<WebApplication>? beforeRouting = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(modules);
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        beforeRouting?.Invoke(app);
        app.UseRouting();
        app.UseMethodNotAllowed();
        app.UseRequestSizeLimits();
        app.UseClinicResolution();
        app.UseAntiforgeryValidation();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization, which authenticates by the endpoint's scheme: per-account limits see who is signed in.
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapAntiforgeryToken();
        app.MapCarter();
        return app;
    }

    public static Assembly[] ModuleAssemblies(IEnumerable<IPortalModule> modules) =>
        modules.Select(m => m.GetType().Assembly).Distinct().ToArray();

    public static PortalOptions GetPortalOptions(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<PortalOptions>>().Value;
}
