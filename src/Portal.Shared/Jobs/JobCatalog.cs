using System.Globalization;
using System.Reflection;
using Quartz;

namespace Portal.Shared.Jobs;

/// <summary>One recurring job as declared, with the schedule it runs on here (configuration may override it).</summary>
public sealed record JobDefinition(string Name, Type JobType, string Description, string Schedule)
{
    public JobKey Key => new(Name, JobCatalog.Group);

    public TriggerKey TriggerKey => new(Name, JobCatalog.Group);

    public ITrigger BuildTrigger()
    {
        var builder = TriggerBuilder.Create().WithIdentity(TriggerKey).ForJob(Key).WithDescription(Schedule);
        if (JobCatalog.TryParseInterval(Schedule, out var interval))
        {
            return builder.StartNow().WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build();
        }

        return builder.WithCronSchedule(Schedule, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build();
    }
}

/// <summary>Every recurring job of the modules, found by their <see cref="RecurringJobAttribute"/>.</summary>
public sealed class JobCatalog(IReadOnlyList<JobDefinition> jobs)
{
    public const string Group = "portal";
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

            if (!typeof(IJob).IsAssignableFrom(type) || type.IsAbstract)
            {
                throw new InvalidOperationException($"{type.FullName} is marked as a recurring job but is not a concrete Quartz IJob.");
            }

            var schedule = scheduleOverrides.TryGetValue(declared.Name, out var overridden) ? overridden : declared.Schedule;
            if (!TryParseInterval(schedule, out _) && !CronExpression.TryParse(schedule, out _))
            {
                throw new InvalidOperationException($"Job {declared.Name} has the schedule '{schedule}', which is neither 'every hh:mm:ss' nor a cron expression.");
            }

            jobs.Add(new JobDefinition(declared.Name, type.AsType(), declared.Description, schedule));
        }

        var duplicate = jobs.GroupBy(j => j.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new JobCatalog(jobs.OrderBy(j => j.Name, StringComparer.Ordinal).ToList())
            : throw new InvalidOperationException($"Two jobs are named {duplicate.Key}.");
    }

    public static bool TryParseInterval(string schedule, out TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        interval = default;
        return schedule.StartsWith(IntervalPrefix, StringComparison.Ordinal)
            && TimeSpan.TryParse(schedule[IntervalPrefix.Length..], CultureInfo.InvariantCulture, out interval)
            && interval > TimeSpan.Zero;
    }
}
