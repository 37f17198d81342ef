namespace Portal.Shared.Jobs;

/// <summary>
/// Declares a Quartz job class as a recurring Portal job. Modules keep such classes in their
/// <c>Jobs/</c> folder; the host finds them by scanning and schedules them once across all hosts.
/// </summary>
/// <param name="name">Dotted and stable, e.g. <c>notifications.dispatch</c>: the job's key and its name on the dashboard.</param>
/// <param name="schedule"><c>every hh:mm:ss</c> for a fixed interval, or a Quartz cron expression (UTC).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RecurringJobAttribute(string name, string schedule) : Attribute
{
    public string Name { get; } = name;

    public string Schedule { get; } = schedule;

    /// <summary>What the job is for, in a sentence, for the dashboard.</summary>
    public string Description { get; init; } = "";
}
