using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Shared.Jobs;

/// <summary>
/// Stores each declared recurring job when a host starts. Hangfire keeps the next occurrence of a job
/// whose schedule did not change, so a host joining the cluster never makes an occurrence run twice.
/// Recurring jobs no module declares any more are removed.
/// </summary>
internal sealed class RecurringJobSync(JobStorage storage, IRecurringJobManager recurringJobs, JobCatalog catalog, ILogger<RecurringJobSync> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in catalog.Jobs)
        {
            try
            {
                recurringJobs.AddOrUpdate(job.Name, job.ToHangfireJob(), job.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Job {job.Name} has the schedule '{job.Schedule}', which is not a valid cron expression.", e);
            }
        }

        using var connection = storage.GetConnection();
        foreach (var stored in connection.GetRecurringJobs())
        {
            if (catalog.Find(stored.Id) is null)
            {
                logger.LogInformation("Removing job {Job}, which no module declares any more", stored.Id);
                recurringJobs.RemoveIfExists(stored.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
