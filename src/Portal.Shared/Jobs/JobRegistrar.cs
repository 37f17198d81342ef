using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Portal.Shared.Jobs;

/// <summary>
/// Stores each declared job and its trigger when a host starts, without disturbing a schedule the
/// cluster already runs: a trigger is only written when it is missing or its schedule changed, so
/// a host joining the cluster never makes an occurrence fire twice. Jobs no longer declared are removed.
/// </summary>
internal sealed class JobRegistrar(ISchedulerFactory schedulers, JobCatalog catalog, ILogger<JobRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in catalog.Jobs)
        {
            await EnsureAsync(scheduler, job, cancellationToken);
        }

        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(JobCatalog.Group), cancellationToken))
        {
            if (catalog.Find(key.Name) is null)
            {
                logger.LogInformation("Removing job {Job}, which no module declares any more", key.Name);
                await scheduler.DeleteJob(key, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAsync(IScheduler scheduler, JobDefinition job, CancellationToken cancellationToken)
    {
        var existingJob = await scheduler.GetJobDetail(job.Key, cancellationToken);
        if (existingJob is null || existingJob.JobType.Type != job.JobType || existingJob.Description != job.Description)
        {
            var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(job.Key).WithDescription(job.Description).StoreDurably().Build();
            await scheduler.AddJob(detail, AddJobOptions.ReplacingAndStoringNonDurable, cancellationToken);
        }

        var existingTrigger = await scheduler.GetTrigger(job.TriggerKey, cancellationToken);
        if (existingTrigger is null)
        {
            // Keep: when another host starting at the same moment stored it first, its trigger stays.
            await scheduler.ScheduleTrigger(job.BuildTrigger(), TriggerConflict.Keep, cancellationToken);
            logger.LogInformation("Scheduled job {Job}: {Schedule}", job.Name, job.Schedule);
        }
        else if (existingTrigger.Description != job.Schedule)
        {
            await scheduler.ScheduleTrigger(job.BuildTrigger(), TriggerConflict.Replace, cancellationToken);
            logger.LogInformation("Rescheduled job {Job}: {Schedule}", job.Name, job.Schedule);
        }
    }
}
