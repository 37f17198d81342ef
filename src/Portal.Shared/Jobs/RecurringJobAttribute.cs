namespace Portal.Shared.Jobs;

/// <summary>
/// Declares an <see cref="IRecurringJob"/> class as a recurring Portal job. Modules keep such classes in
/// their <c>Jobs/</c> folder; the host finds them by scanning and schedules them once across all hosts.
/// </summary>
/// <param name="name">Dotted and stable, e.g. <c>notifications.dispatch</c>: the recurring job's id on the dashboard.</param>
/// <param name="schedule">
/// <c>every hh:mm:ss</c> for a fixed interval that divides a minute, an hour or a day evenly, or a cron
/// expression in UTC with five fields, or six when the first is the second.
/// </param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RecurringJobAttribute(string name, string schedule) : Attribute
{
    public string Name { get; } = name;

    public string Schedule { get; } = schedule;

    /// <summary>What the job is for, in a sentence, for the dashboard.</summary>
    public string Description { get; init; } = "";
}

/// <summary>A recurring job's work. One instance per run, resolved in its own DI scope.</summary>
public interface IRecurringJob
{
    /// <param name="cancellationToken">Cancelled when the host shuts down or an operator deletes the running job.</param>
    Task RunAsync(CancellationToken cancellationToken);
}
