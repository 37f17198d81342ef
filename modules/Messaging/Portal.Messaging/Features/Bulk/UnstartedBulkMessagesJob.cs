using Microsoft.Extensions.Logging;
using Portal.Shared.Database;
using Portal.Shared.Jobs;

namespace Portal.Messaging.Features.Bulk;

/// <summary>
/// Runs bulk messages that were stored but never started: the start request commits the bulk message and only then
/// enqueues its job, so a host that stops between the two leaves it queued with no job. Running one twice is safe
/// (each chunk locks the bulk message and the recipients' primary key refuses anyone already handled), so the sweep
/// only waits long enough for an ordinary start to have happened.
/// </summary>
[RecurringJob("messaging.unstarted-bulk", "every 00:01:00", Description = "Starts bulk messages stored more than two minutes ago whose job never started.")]
internal sealed class UnstartedBulkMessagesJob(IDbSession db, BulkMessageJob bulk, TimeProvider clock, ILogger<UnstartedBulkMessagesJob> logger)
    : IRecurringJob
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ids = await db.QueryAsync<Guid>(
            "select id from messaging.bulk_messages where state = 'queued' and started_at is null and created_at < @before order by created_at",
            new { before = clock.GetUtcNow() - Grace },
            cancellationToken);
        foreach (var id in ids)
        {
            logger.LogWarning("Bulk message {BulkMessageId} was never started; starting it now", id);
            await bulk.RunAsync(id, cancellationToken);
        }
    }
}
