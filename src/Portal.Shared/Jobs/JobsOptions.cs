namespace Portal.Shared.Jobs;

/// <summary>The <c>Portal:Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    /// <summary>Run a Hangfire server (workers and schedulers) on this host. The storage and the dashboard work either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs running at once on one host.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// How often due recurring jobs are looked for. Hangfire's default (15 s) would make a job
    /// declared for every 5 s run late; seconds-cron schedules need it at or below their interval.
    /// </summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often idle workers look at the queue when no NOTIFY arrives; they are woken at once otherwise.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a host that stopped sending heartbeats is kept in the server list.</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Succeeded and deleted jobs stay visible on the dashboard this long.</summary>
    public TimeSpan JobExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Replaces a job's declared schedule, by job name, e.g. <c>"notifications.retention": "every 00:00:01"</c>.</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}
