using System.Diagnostics;

namespace Portal.TestKit.Peers;

/// <summary>Waits that last at least as long as asked: timers may fire up to a tick early, and tests measure.</summary>
internal static class Pauses
{
    public static async Task AtLeastAsync(TimeSpan duration, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        for (var left = duration; left > TimeSpan.Zero; left = duration - Stopwatch.GetElapsedTime(started))
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, cancellation);
        }
    }
}
