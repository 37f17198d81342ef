namespace Portal.Shared.Jobs;

/// <summary>The <c>Portal:Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    /// <summary>Run jobs on this host. The store and the dashboard work either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an idle scheduler waits before looking for due triggers: short, so new ones are seen quickly.</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each host tells the cluster it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long a silent host is given before the others take over its work.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A trigger this late counts as missed and is moved to its next occurrence instead of firing late.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often missed triggers are looked for.</summary>
    public TimeSpan MisfireHandlerFrequency { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jobs running at once on one host.</summary>
    public int MaxConcurrency { get; set; } = 4;

    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(14);

    public int MaxHistoryPerJob { get; set; } = 500;

    /// <summary>Replaces a job's declared schedule, by job name, e.g. <c>"notifications.retention": "every 00:00:01"</c>.</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];
}
