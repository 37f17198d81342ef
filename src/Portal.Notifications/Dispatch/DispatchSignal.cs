using Portal.Notifications.Outbox;
using Portal.Shared.Database;

namespace Portal.Notifications.Dispatch;

/// <summary>
/// Wakes this host's dispatchers when a notification is queued anywhere (LISTEN/NOTIFY), so that a
/// passcode goes out in milliseconds rather than at the next poll.
/// </summary>
internal sealed class DispatchSignal : IDatabaseNotificationSubscriber
{
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Channel => NotificationOutbox.EnqueuedChannel;

    /// <summary>Completes at the next pulse. Taken before looking for work, so a pulse in between is not missed.</summary>
    public Task NextPulse => Volatile.Read(ref _pulse).Task;

    public void OnNotification(string payload) => Pulse();

    public void OnListening() => Pulse();

    public static async Task WaitAsync(Task pulse, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pulse);
        try
        {
            await pulse.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing queued meanwhile; a retry may still have come due.
        }
    }

    private void Pulse() => Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
