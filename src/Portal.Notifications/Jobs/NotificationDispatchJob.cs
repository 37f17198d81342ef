using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Notifications.Dispatch;
using Portal.Shared.Jobs;

namespace Portal.Notifications.Jobs;

/// <summary>
/// Each run dispatches until just before the next run starts on whichever host the cluster picks,
/// waking on every new notification. A host that dies mid-run leaves only its claim behind, which
/// expires; the job itself needs no recovery.
/// </summary>
[RecurringJob("notifications.dispatch", "every 00:00:05", Description = "Sends queued email and SMS notifications, retrying failures with back-off.")]
internal sealed class NotificationDispatchJob(NotificationDispatcher dispatcher, IOptions<DispatchOptions> options, ILogger<NotificationDispatchJob> logger) : IRecurringJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var summary = await dispatcher.RunAsync(options.Value.RunFor, cancellationToken);
        if (summary.Total > 0)
        {
            logger.LogInformation(
                "Dispatched notifications: {Sent} sent, {Retried} to retry, {Failed} failed, {Held} held for quiet hours",
                summary.Sent, summary.Retried, summary.Failed, summary.Held);
        }
    }
}
