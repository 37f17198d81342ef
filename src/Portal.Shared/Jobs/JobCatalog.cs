using System.Globalization;
using System.Reflection;
using Hangfire.Common;

namespace Portal.Shared.Jobs;

/// <summary>One recurring job as declared, with the schedule it runs on here (configuration may override it).</summary>
/// <param name="Cron">The schedule as the cron expression Hangfire runs it on.</param>
public sealed record JobDefinition(string Name, Type JobType, string Description, string Schedule, string Cron)
{
    private static readonly MethodInfo Run = typeof(IRecurringJob).GetMethod(nameof(IRecurringJob.RunAsync))!;

    /// <summary>The call Hangfire stores; its token is replaced by the server's when the job runs.</summary>
    public Job ToHangfireJob() => new(JobType, Run, CancellationToken.None);
}

/// <summary>Every recurring job of the modules, found by their <see cref="RecurringJobAttribute"/>.</summary>
public sealed class JobCatalog(IReadOnlyList<JobDefinition> jobs)
{
    private const string IntervalPrefix = "every ";

    public IReadOnlyList<JobDefinition> Jobs { get; } = jobs;

    public JobDefinition? Find(string name) => Jobs.FirstOrDefault(j => j.Name == name);

    public static JobCatalog Discover(IEnumerable<Assembly> assemblies, IReadOnlyDictionary<string, string> scheduleOverrides)
    {
        ArgumentNullException.ThrowIfNull(scheduleOverrides);
        var jobs = new List<JobDefinition>();
        foreach (var type in assemblies.Distinct().SelectMany(a => a.DefinedTypes))
        {
            if (type.GetCustomAttribute<RecurringJobAttribute>() is not { } declared)
            {
                continue;
            }

            if (!typeof(IRecurringJob).IsAssignableFrom(type) || type.IsAbstract)
            {
                throw new InvalidOperationException($"{type.FullName} is marked as a recurring job but is not a concrete {nameof(IRecurringJob)}.");
            }

            var schedule = scheduleOverrides.TryGetValue(declared.Name, out var overridden) ? overridden : declared.Schedule;
            var cron = ToCron(schedule) ?? throw new InvalidOperationException(
                $"Job {declared.Name} has the schedule '{schedule}', which is neither 'every hh:mm:ss' dividing a minute, an hour or a day evenly, nor a cron expression.");
            jobs.Add(new JobDefinition(declared.Name, type.AsType(), declared.Description, schedule, cron));
        }

        var duplicate = jobs.GroupBy(j => j.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new JobCatalog(jobs.OrderBy(j => j.Name, StringComparer.Ordinal).ToList())
            : throw new InvalidOperationException($"Two jobs are named {duplicate.Key}.");
    }

    /// <summary>
    /// The cron expression for a schedule, or null when it is neither a valid cron expression nor an
    /// interval cron can express exactly (every 7 seconds cannot be: a minute does not divide by it).
    /// </summary>
    public static string? ToCron(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!schedule.StartsWith(IntervalPrefix, StringComparison.Ordinal))
        {
            // Hangfire validates cron expressions when the job is stored.
            return schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is 5 or 6 ? schedule : null;
        }

        if (!TimeSpan.TryParse(schedule[IntervalPrefix.Length..], CultureInfo.InvariantCulture, out var interval)
            || interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return null;
        }

        var seconds = (long)interval.TotalSeconds;
        return seconds switch
        {
            < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
            < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => $"0 */{seconds / 60} * * * *",
            < 86400 when seconds % 3600 == 0 && 24 % (seconds / 3600) == 0 => $"0 0 */{seconds / 3600} * * *",
            86400 => "0 0 0 * * *",
            _ => null,
        };
    }
}
