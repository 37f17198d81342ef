namespace Portal.Notifications;

/// <summary>The <c>Notifications:Dispatch</c> configuration section.</summary>
public sealed class DispatchOptions
{
    /// <summary>Notifications claimed at once by one dispatcher.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Sends under way at once within a batch.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>Tries before a notification is marked failed (checklist R3).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed try; it doubles with each further one, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claim lasts: a dispatcher that dies mid-batch releases its notifications after this (checklist R2).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one run of the dispatch job keeps claiming and waiting for new notifications: just
    /// under its 5-second interval, so that a passcode queued between two runs waits a tenth of a
    /// second at most. A run's last batch may overlap the next run; claims keep them apart.
    /// </summary>
    public TimeSpan RunFor { get; set; } = TimeSpan.FromSeconds(4.9);

    /// <summary>The SMS quiet hours of clinics that have not set their own, in the clinic's time zone.</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);

    public TimeOnly QuietHoursEnd { get; set; } = new(8, 0);

    /// <summary>How long sent notifications (without their data) are kept for the dashboard and support.</summary>
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan KeepFailed { get; set; } = TimeSpan.FromDays(90);
}
