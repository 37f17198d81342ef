namespace Portal.TestKit;

/// <summary>
/// A clock that runs like the real one but that a test can move forward: thirty minutes of idleness,
/// the end of quiet hours, a retry's back-off. It keeps running, because the job scheduler shares
/// the application's clock and must see time pass to fire anything.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
