using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Auditing;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Quartz;
using Quartz.Extensibility;

namespace Portal.Shared.Jobs;

/// <summary>A job as the operators' dashboard shows it (feature O1).</summary>
public sealed record JobView(
    string Name,
    string Description,
    string Schedule,
    string State,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? PreviousRunAt,
    IReadOnlyList<JobRunView> RecentRuns);

/// <param name="Outcome">succeeded, failed, cancelled or skipped.</param>
/// <param name="Host">The Quartz instance (host) that ran it.</param>
public sealed record JobRunView(DateTimeOffset StartedAt, double DurationMs, string Outcome, string? Error, string Host, bool Manual);

/// <summary>The jobs part of the operators' dashboard: every job, its schedule and runs; pause, resume, run now.</summary>
internal sealed class JobsDashboardEndpoints : ICarterModule
{
    private const int RecentRunCount = 10;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/operator/jobs").RequireAuthorization(Policies.Operator).WithTags("Operator");
        jobs.MapGet("/", ListAsync)
            .WithName("ListJobs")
            .WithSummary("Every recurring job: schedule, state, next and previous run, and recent runs.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        jobs.MapPost("/{name}/pause", (string name, JobControl control, CancellationToken cancellationToken) =>
                control.ApplyAsync(name, "jobs.paused", async (scheduler, job) => await scheduler.PauseJob(job.Key, cancellationToken), cancellationToken))
            .WithName("PauseJob")
            .WithSummary("Pauses a job on every host until it is resumed.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        jobs.MapPost("/{name}/resume", (string name, JobControl control, CancellationToken cancellationToken) =>
                control.ApplyAsync(name, "jobs.resumed", async (scheduler, job) => await scheduler.ResumeJob(job.Key, cancellationToken), cancellationToken))
            .WithName("ResumeJob")
            .WithSummary("Resumes a paused job.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        jobs.MapPost("/{name}/run", (string name, JobControl control, CancellationToken cancellationToken) =>
                control.ApplyAsync(name, "jobs.run_requested", async (scheduler, job) => await scheduler.TriggerJob(job.Key, cancellationToken), cancellationToken))
            .WithName("RunJob")
            .WithSummary("Runs a job now, on whichever host picks it up first.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<JobView>>> ListAsync(
        JobCatalog catalog, ISchedulerFactory schedulers, IExecutionHistoryStore history, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var views = new List<JobView>();
        foreach (var job in catalog.Jobs)
        {
            var trigger = await scheduler.GetTrigger(job.TriggerKey, cancellationToken);
            var state = trigger is null ? TriggerState.None : await scheduler.GetTriggerState(job.TriggerKey, cancellationToken);
            var runs = await history.QueryExecutions(
                new ExecutionHistoryQuery { SchedulerName = JobStore.SchedulerName, Job = job.Key, Take = RecentRunCount },
                cancellationToken);
            views.Add(new JobView(
                job.Name,
                job.Description,
                job.Schedule,
                state.ToString().ToLowerInvariant(),
                trigger?.NextFireTimeUtc,
                trigger?.PreviousFireTimeUtc,
                runs.Items
                    .OrderByDescending(run => run.FiredAtUtc)
                    .Select(run => new JobRunView(
                        run.FiredAtUtc,
                        Math.Round(run.Duration.TotalMilliseconds, 1),
                        run.EffectiveResult.ToString().ToLowerInvariant(),
                        run.ExceptionMessage,
                        run.SchedulerInstanceId,
                        run.Manual))
                    .ToList()));
        }

        return TypedResults.Ok<IReadOnlyList<JobView>>(views);
    }
}

/// <summary>Applies an operator's action to a job and audits it in one place.</summary>
internal sealed class JobControl(JobCatalog catalog, ISchedulerFactory schedulers, IAuditLog audit)
{
    public async Task<Results<NoContent, ErrorHttpResult>> ApplyAsync(
        string name, string auditAction, Func<IScheduler, JobDefinition, Task> action, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is not { } job)
        {
            return Error.NotFound("job_not_found", $"There is no job named '{name}'.").ToHttp();
        }

        await action(await schedulers.GetScheduler(cancellationToken), job);
        await audit.RecordAsync(new AuditEvent(auditAction, null, "job", job.Name), cancellationToken);
        return TypedResults.NoContent();
    }
}
