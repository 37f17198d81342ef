using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Notifications.Channels;
using Portal.Notifications.Outbox;
using Portal.Notifications.Templates;

namespace Portal.Notifications.Dispatch;

/// <summary>What one run of the dispatcher did.</summary>
internal sealed record DispatchSummary(int Sent, int Retried, int Failed, int Held)
{
    public static DispatchSummary None { get; } = new(0, 0, 0, 0);

    public int Total => Sent + Retried + Failed + Held;

    public DispatchSummary Add(DispatchSummary other) => new(Sent + other.Sent, Retried + other.Retried, Failed + other.Failed, Held + other.Held);
}

/// <summary>
/// Sends what the outbox holds, the notifications a person is waiting for (those exempt from quiet
/// hours: passcodes, security notices) ahead of routine ones. A dispatcher claims a batch with <c>FOR UPDATE SKIP LOCKED</c> under a
/// lease, sends it in parallel, then settles every row and records each attempt in one round trip.
/// Several dispatchers, on one host or many, never claim the same row; one that dies leaves its
/// claim to expire, and the rows go out again (at least once, deduplicated by their id, R2).
/// Failures the provider may recover from, and any passing fault of the database or network on the
/// way, are retried with back-off until the last attempt (R3); only a channel's verdict fails at once.
/// </summary>
internal sealed class NotificationDispatcher(
    NpgsqlDataSource dataSource,
    TemplateCatalog templates,
    TemplateDataProtector protector,
    IEmailSender email,
    ISmsSender sms,
    QuietHoursCalendar quietHours,
    DispatchSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>This process, as it appears in claims and attempts.</summary>
    public static readonly string Host = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    private DispatchOptions Options => options.Value;

    /// <summary>Claims and sends until <paramref name="budget"/> is spent, waiting for new notifications when there is nothing due.</summary>
    public async Task<DispatchSummary> RunAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var summary = DispatchSummary.None;
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = budget - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            var wake = signal.NextPulse;
            var batch = await DispatchBatchAsync(cancellationToken);
            summary = summary.Add(batch);
            if (batch.Total < Options.BatchSize)
            {
                // Caught up: sleep until something is queued, or a retry may be due.
                await DispatchSignal.WaitAsync(wake, remaining < PollInterval ? remaining : PollInterval, cancellationToken);
            }
        }

        return summary;
    }

    /// <summary>Claims one batch, sends it and settles it.</summary>
    public async Task<DispatchSummary> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return DispatchSummary.None;
        }

        var results = new AttemptResult[claimed.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, claimed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Options.Parallelism, CancellationToken = CancellationToken.None },
            async (index, _) => results[index] = await AttemptAsync(claimed[index], cancellationToken));
        await SettleAsync(results, CancellationToken.None);
        return new DispatchSummary(
            results.Count(r => r.State == "sent"),
            results.Count(r => r.State == "pending"),
            results.Count(r => r.State == "failed"),
            results.Count(r => r.State == "held"));
    }

    private async Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedNotification>(new CommandDefinition(
            """
            with due as (
                select id from notifications.outbox
                where (state in ('pending', 'held') and not_before <= @now)
                   or (state = 'sending' and claimed_until < @now)
                -- Passcodes and security notices first: someone is waiting on a page for them, behind a bulk message or a day's reminders otherwise.
                order by quiet_hours_exempt desc, not_before
                limit @batchSize
                for update skip locked
            )
            update notifications.outbox o
            set state = 'sending', claimed_by = @host, claimed_until = @leaseUntil, attempt_count = o.attempt_count + 1, updated_at = @now
            from due
            where o.id = due.id
            returning o.id, o.clinic_id, o.template_key, o.channel, o.recipient, o.language, o.data_protected, o.attachment_protected,
                      o.quiet_hours_exempt, o.attempt_count, o.max_attempts
            """,
            new { now, batchSize = Options.BatchSize, host = Host, leaseUntil = now + Options.Lease },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private async Task<AttemptResult> AttemptAsync(ClaimedNotification notification, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        SendOutcome outcome;
        try
        {
            if (notification.Channel == "sms" && !notification.QuietHoursExempt
                && await quietHours.HeldUntilAsync(notification.ClinicId, started, cancellationToken) is { } until)
            {
                return new AttemptResult(notification, "held", until, null, null, null, started, started);
            }

            outcome = await SendAsync(notification, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            outcome = SendOutcome.Retry("The host stopped while sending.");
        }
        catch (Exception failure)
        {
            // Only a channel decides that a notification can never go; a database, network or other passing fault is retried (R3).
            logger.LogWarning(failure, "Notification {NotificationId} hit a passing failure and will be retried", notification.Id);
            outcome = SendOutcome.Retry(Describe(failure));
        }

        var finished = clock.GetUtcNow();
        return outcome.Status switch
        {
            SendStatus.Sent => new AttemptResult(notification, "sent", null, null, outcome.ProviderMessageId, outcome.ProviderStatus, started, finished),
            SendStatus.Retry when notification.AttemptCount < notification.MaxAttempts => new AttemptResult(
                notification, "pending", finished + RetrySchedule.DelayAfter(notification.AttemptCount, Options), outcome.Error, null, null, started, finished),
            _ => new AttemptResult(notification, "failed", null, outcome.Error, null, null, started, finished),
        };
    }

    private Task<SendOutcome> SendAsync(ClaimedNotification notification, CancellationToken cancellationToken)
    {
        if (templates.Find(notification.TemplateKey) is not { } template)
        {
            return Task.FromResult(SendOutcome.Failed($"The template {notification.TemplateKey} no longer exists."));
        }

        if (notification.DataProtected is null)
        {
            return Task.FromResult(SendOutcome.Failed("The notification's data was erased."));
        }

        var data = protector.Unprotect(notification.DataProtected);
        return notification.Channel == "email"
            ? email.SendAsync(
                new OutgoingEmail(notification.Id, notification.Recipient, notification.Language, TemplateRenderer.RenderEmail(template, notification.Language, data))
                {
                    Attachment = notification.AttachmentProtected is { } attached ? protector.UnprotectAttachment(attached) : null,
                },
                cancellationToken)
            : sms.SendAsync(new OutgoingSms(notification.Id, notification.Recipient, TemplateRenderer.RenderSms(template, notification.Language, data)), cancellationToken);
    }

    /// <summary>What an operator sees as the last error: the kind of fault and its message, unless the message may quote a value.</summary>
    private static string Describe(Exception failure) => failure switch
    {
        // Class 22 (data exceptions) messages may quote the offending value.
        PostgresException database when database.SqlState.StartsWith("22", StringComparison.Ordinal) =>
            $"Could not send for now: database error {database.SqlState}",
        PostgresException database => $"Could not send for now: database error {database.SqlState}: {database.MessageText}",
        NpgsqlException or IOException or TimeoutException or HttpRequestException => $"Could not send for now: {failure.Message}",
        _ => $"Could not send for now: {failure.GetType().Name}",
    };

    private async Task SettleAsync(IReadOnlyList<AttemptResult> results, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tried = results.Where(r => r.State != "held").ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Only rows this dispatcher still holds: if its lease ran out and another took over, that one decides.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update notifications.outbox o set
                state = r.state,
                not_before = coalesce(r.not_before, o.not_before),
                attempt_count = o.attempt_count - case when r.state = 'held' then 1 else 0 end,
                last_error = case when r.state = 'held' then o.last_error else r.error end,
                provider_message_id = coalesce(r.provider_id, o.provider_message_id),
                provider_status = case when o.provider_status_rank >= r.provider_rank then o.provider_status else r.provider_status end,
                provider_status_rank = greatest(o.provider_status_rank, r.provider_rank),
                data_protected = case when r.state = 'sent' then null else o.data_protected end,
                attachment_protected = case when r.state = 'sent' then null else o.attachment_protected end,
                sent_at = case when r.state = 'sent' then @now else o.sent_at end,
                failed_at = case when r.state = 'failed' then @now else o.failed_at end,
                claimed_by = null,
                claimed_until = null,
                updated_at = @now
            from unnest(@ids, @states, @notBefore, @errors, @providerIds, @providerStatuses, @providerRanks)
                as r(id, state, not_before, error, provider_id, provider_status, provider_rank)
            where o.id = r.id and o.state = 'sending' and o.claimed_by = @host
            """,
            new
            {
                ids = results.Select(r => r.Notification.Id).ToArray(),
                states = results.Select(r => r.State).ToArray(),
                notBefore = results.Select(r => r.NotBefore).ToArray(),
                errors = results.Select(r => r.Error).ToArray(),
                providerIds = results.Select(r => r.ProviderMessageId).ToArray(),
                providerStatuses = results.Select(r => r.ProviderStatus).ToArray(),
                providerRanks = results.Select(r => DeliveryStatuses.Rank(r.ProviderStatus)).ToArray(),
                now,
                host = Host,
            },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into notifications.attempts (notification_id, attempt, host, started_at, finished_at, outcome, error)
            select r.id, r.attempt, @host, r.started_at, r.finished_at, r.outcome, r.error
            from unnest(@ids, @attempts, @started, @finished, @outcomes, @errors)
                as r(id, attempt, started_at, finished_at, outcome, error)
            on conflict (notification_id, attempt) do nothing
            """,
            new
            {
                ids = tried.Select(r => r.Notification.Id).ToArray(),
                attempts = tried.Select(r => r.Notification.AttemptCount).ToArray(),
                started = tried.Select(r => r.StartedAt).ToArray(),
                finished = tried.Select(r => r.FinishedAt).ToArray(),
                outcomes = tried.Select(r => r.State == "pending" ? "retry" : r.State).ToArray(),
                errors = tried.Select(r => r.Error).ToArray(),
                host = Host,
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record AttemptResult(
        ClaimedNotification Notification,
        string State,
        DateTimeOffset? NotBefore,
        string? Error,
        string? ProviderMessageId,
        string? ProviderStatus,
        DateTimeOffset StartedAt,
        DateTimeOffset FinishedAt);
}

internal sealed class ClaimedNotification
{
    public Guid Id { get; init; }

    public Guid? ClinicId { get; init; }

    public string TemplateKey { get; init; } = "";

    public string Channel { get; init; } = "";

    public string Recipient { get; init; } = "";

    public string Language { get; init; } = "";

    public string? DataProtected { get; init; }

    public string? AttachmentProtected { get; init; }

    public bool QuietHoursExempt { get; init; }

    public int AttemptCount { get; init; }

    public int MaxAttempts { get; init; }
}
