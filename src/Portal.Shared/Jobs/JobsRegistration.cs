using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

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

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = JobStore.SchedulerName;
                scheduler.GenerateInstanceId = true;
                scheduler.IdleWaitTime = options.IdleWaitTime;
            });
            // Quartz takes the application's TimeProvider from the container, so it keeps the same time.
            quartz.UseDefaultThreadPool(options.MaxConcurrency);
            quartz.UsePersistentStore(store =>
                JobStore.Configure(store, provider => provider.GetRequiredService<NpgsqlDataSource>(), options, SchemaProvisioning.Validate));
        });
        services.AddQuartzExecutionHistory(history =>
        {
            history.Retention = options.HistoryRetention;
            history.MaxEntriesPerJob = options.MaxHistoryPerJob;
        });
        services.AddQuartzHostedService(hosted =>
        {
            hosted.WaitForJobsToComplete = true;
            hosted.AutoStart = options.Enabled;
        });
        services.AddHostedService<JobRegistrar>();
        return services;
    }
}
