namespace Portal.Notifications.Dispatch;

/// <summary>Exponential back-off with jitter, so that a recovering provider is not hit by every retry at once.</summary>
internal static class RetrySchedule
{
    public static TimeSpan DelayAfter(int attempt, DispatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }
}
