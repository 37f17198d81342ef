using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Shared.Database;
using Portal.Shared.Jobs;

namespace Portal.Notifications.Jobs;

/// <summary>Deletes settled notifications once they are no longer useful for support: who was told what, when, is personal data.</summary>
[RecurringJob("notifications.retention", "0 30 3 * * *", Description = "Deletes sent notifications after 30 days and failed ones after 90.")]
internal sealed class NotificationRetentionJob(IDbSession db, IOptions<DispatchOptions> options, TimeProvider clock, ILogger<NotificationRetentionJob> logger) : IRecurringJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deleted = await db.ExecuteAsync(
            """
            delete from notifications.outbox
            where (state = 'sent' and sent_at < @sentBefore) or (state = 'failed' and failed_at < @failedBefore)
            """,
            new { sentBefore = now - options.Value.KeepSent, failedBefore = now - options.Value.KeepFailed },
            cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} settled notifications past their retention", deleted);
        }
    }
}
