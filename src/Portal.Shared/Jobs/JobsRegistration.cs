using System.Reflection;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Shared.Database;

namespace Portal.Shared.Jobs;

internal static class JobsRegistration
{
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration, IEnumerable<Assembly> assemblies)
    {
        var section = configuration.GetSection("Portal:Jobs");
        var options = section.Get<JobsOptions>() ?? new JobsOptions();
        services.Configure<JobsOptions>(section);
        var catalog = JobCatalog.Discover(assemblies, options.Schedules);
        services.AddSingleton(catalog);
        foreach (var job in catalog.Jobs)
        {
            services.AddScoped(job.JobType);
        }

        // Registered before AddHangfire, which keeps them: its own would be Hangfire's static storage and
        // activator, shared by every host in the process (tests start several), so a job could run in another's.
        services.AddSingleton<JobStorage>(provider => new PostgreSqlStorage(
            new DataSourceConnectionFactory(provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSources.WithSessionState)), JobStorageSettings.Options(options)));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(HostLogProvider.Instance);
        services.AddHangfire((provider, hangfire) =>
        {
            HostLogProvider.Use(provider.GetRequiredService<ILoggerFactory>());
            hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(HostLogProvider.Instance);
        });
        if (options.Enabled)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.SchedulePollingInterval;
                server.ServerTimeout = options.ServerTimeout;
            });
        }

        services.AddHostedService<RecurringJobSync>();
        return services;
    }
}
