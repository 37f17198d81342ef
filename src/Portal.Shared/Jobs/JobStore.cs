using Npgsql;
using Quartz;
using Quartz.Impl;

namespace Portal.Shared.Jobs;

/// <summary>
/// Quartz's clustered job store on the application's own database (schema <c>quartz</c>), with its
/// execution history. The same configuration serves the hosts and the one-off schema provisioning.
/// </summary>
internal static class JobStore
{
    public const string SchedulerName = "Portal";
    public const string TablePrefix = "quartz.qrtz_";

    public static void Configure(IPersistentStoreBuilder store, Func<IServiceProvider, NpgsqlDataSource> dataSource, JobsOptions options, SchemaProvisioning provisioning)
    {
        store.UsePostgres(source => source.DataSourceFactory = services => dataSource(services));
        store.UseClustering(cluster =>
        {
            cluster.CheckinInterval = options.CheckinInterval;
            cluster.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
        });
        store.UseExecutionHistory();
        store.UseSerializer<SystemTextJsonObjectSerializer>();
        store.ConfigureStore(ado =>
        {
            ado.TablePrefix = TablePrefix;
            ado.SchemaProvisioning = provisioning;
            ado.MisfireThreshold = options.MisfireThreshold;
            ado.MisfireHandlerFrequency = options.MisfireHandlerFrequency;
        });
    }
}

/// <summary>
/// Lets Quartz create or upgrade its own tables. Called by the migrations runner while it holds
/// its advisory lock, so that hosts starting together never provision at the same time; the hosts
/// themselves only validate the schema.
/// </summary>
public static class JobStoreSchema
{
    public static async Task ProvisionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var options = new JobsOptions();
        var factory = QuartzSchedulerBuilder.Create(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = JobStore.SchedulerName;
                scheduler.InstanceId = "schema-provisioning";
            });
            quartz.UsePersistentStore(store => JobStore.Configure(store, _ => dataSource, options, SchemaProvisioning.CreateIfMissing));
        }).Build();

        // Building the scheduler initialises the store, which provisions; it is never started.
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
    }
}
