using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Portal.Notifications.Templates;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Notifications.Features.Queue;

public sealed record QueueCount(string State, string Channel, int Count);

public sealed record QueueSummary(IReadOnlyList<QueueCount> Counts, DateTimeOffset? OldestDueAt);

/// <summary>A notification as operators see it: never its content, and the recipient masked.</summary>
public sealed record QueuedNotification(
    Guid Id,
    string? ClinicSlug,
    string? ClinicName,
    string Template,
    string Channel,
    string Recipient,
    string State,
    int Attempts,
    int MaxAttempts,
    string? LastError,
    string? ProviderStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? FailedAt);

/// <summary>The notifications part of the operators' dashboard (feature O1).</summary>
internal sealed class NotificationQueueEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var queue = app.MapGroup("/api/operator/notifications").RequireAuthorization(Policies.Operator).WithTags("Operator");
        queue.MapGet("/summary", async (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new QueueSummaryQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("NotificationQueueSummary")
            .WithSummary("How many notifications are in each state, by channel.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        queue.MapGet("/", async (string? state, int? take, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListNotificationsQuery(state, take ?? 50), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListNotifications")
            .ValidatedAs<ListNotificationsQuery>()
            .WithSummary("The latest notifications, optionally of one state (pending, held, sending, sent, failed).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        queue.MapPost("/{id:guid}/retry", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RetryNotificationCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("RetryNotification")
            .WithSummary("Queues a failed notification again, with a fresh set of attempts.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        queue.MapPost("/test", async (SendTestNotificationCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken)).ToHttp(ids => TypedResults.Accepted((string?)null, ids)))
            .WithName("SendTestNotification")
            .WithSummary("Sends a test email or SMS, to check that delivery works.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}

internal sealed record QueueSummaryQuery : IQuery<QueueSummary>;

internal sealed class QueueSummaryHandler(IDbSession db, TimeProvider clock) : IRequestHandler<QueueSummaryQuery, Result<QueueSummary>>
{
    public async Task<Result<QueueSummary>> Handle(QueueSummaryQuery request, CancellationToken cancellationToken)
    {
        var counts = await db.QueryAsync<QueueCount>(
            "select state, channel, count(*)::int as count from notifications.outbox group by state, channel order by state, channel",
            null,
            cancellationToken);
        var oldest = await db.ExecuteScalarAsync<DateTimeOffset?>(
            "select min(not_before) from notifications.outbox where state in ('pending', 'held', 'sending') and not_before <= @now",
            new { now = clock.GetUtcNow() },
            cancellationToken);
        return new QueueSummary(counts, oldest);
    }
}

internal sealed record ListNotificationsQuery(string? State, int Take) : IQuery<IReadOnlyList<QueuedNotification>>;

internal sealed class ListNotificationsValidator : AbstractValidator<ListNotificationsQuery>
{
    private static readonly string[] States = ["pending", "held", "sending", "sent", "failed"];

    public ListNotificationsValidator()
    {
        RuleFor(x => x.State).IsOneOf(States).WithMessage("Use pending, held, sending, sent or failed.");
        RuleFor(x => x.Take).InclusiveBetween(1, 200);
    }
}

internal sealed class ListNotificationsHandler(IDbSession db, IClinicDirectory clinics)
    : IRequestHandler<ListNotificationsQuery, Result<IReadOnlyList<QueuedNotification>>>
{
    public async Task<Result<IReadOnlyList<QueuedNotification>>> Handle(ListNotificationsQuery request, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<QueueRow>(
            $"""
            select {QueueRow.Columns} from notifications.outbox
            where @state::text is null or state = @state
            order by coalesce(failed_at, sent_at, created_at) desc
            limit @take
            """,
            new { state = request.State, take = request.Take },
            cancellationToken);
        var items = new List<QueuedNotification>(rows.Count);
        foreach (var row in rows)
        {
            items.Add(await row.ToViewAsync(clinics, cancellationToken));
        }

        return items;
    }
}

internal sealed record RetryNotificationCommand(Guid Id) : ICommand<QueuedNotification>;

internal sealed class RetryNotificationHandler(IDbSession db, IClinicDirectory clinics, IAuditLog audit, IOptions<DispatchOptions> options, TimeProvider clock)
    : IRequestHandler<RetryNotificationCommand, Result<QueuedNotification>>
{
    public async Task<Result<QueuedNotification>> Handle(RetryNotificationCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var row = await db.QuerySingleOrDefaultAsync<QueueRow>(
            $"select {QueueRow.Columns} from notifications.outbox where id = @Id for update",
            request,
            cancellationToken);
        if (row is null)
        {
            return Error.NotFound("notification_not_found", "There is no such notification.");
        }

        if (row.State != "failed")
        {
            return Error.Conflict("not_failed", "Only a failed notification can be retried.");
        }

        var retried = await db.QuerySingleAsync<QueueRow>(
            $"""
            update notifications.outbox
            set state = 'pending', not_before = @now, max_attempts = attempt_count + @attempts, failed_at = null, updated_at = @now
            where id = @Id
            returning {QueueRow.Columns}
            """,
            new { request.Id, now, attempts = options.Value.MaxAttempts },
            cancellationToken);
        await db.ExecuteAsync($"select pg_notify('{Outbox.NotificationOutbox.EnqueuedChannel}', '')", null, cancellationToken);
        await audit.RecordAsync(new AuditEvent("notifications.retried", row.ClinicId, "notification", row.Id.ToString()), cancellationToken);
        return await retried.ToViewAsync(clinics, cancellationToken);
    }
}

internal sealed record SendTestNotificationCommand(string Channel, string To, string Language) : ICommand<IReadOnlyList<Guid>>;

internal sealed class SendTestNotificationValidator : AbstractValidator<SendTestNotificationCommand>
{
    public SendTestNotificationValidator()
    {
        RuleFor(x => x.Channel).IsOneOf(["email", "sms"]).WithMessage("Use email or sms.");
        RuleFor(x => x.Language).IsOneOf(["en", "fr"]).WithMessage("Use en or fr.");
        RuleFor(x => x.To).Must(EmailAddresses.IsValid).When(x => x.Channel == "email").WithMessage("That is not an email address.");
        // The same rule as every phone number Portal takes (patients' mobiles included): North American numbers may omit +1.
        RuleFor(x => x.To).Must(to => PhoneNumbers.TryNormalize(to, out _)).When(x => x.Channel == "sms")
            .WithMessage("That is not a mobile number. Give a North American number, or another with its country code, e.g. +33612345678.");
    }
}

internal sealed class SendTestNotificationHandler(INotificationOutbox outbox, IAuditLog audit)
    : IRequestHandler<SendTestNotificationCommand, Result<IReadOnlyList<Guid>>>
{
    public async Task<Result<IReadOnlyList<Guid>>> Handle(SendTestNotificationCommand request, CancellationToken cancellationToken)
    {
        var email = request.Channel == "email";
        var phone = email || !PhoneNumbers.TryNormalize(request.To, out var e164) ? null : e164;
        var ids = await outbox.EnqueueAsync(
            new NotificationRequest(
                PlatformTemplates.TestMessage,
                null,
                email ? NotificationChannels.Email : NotificationChannels.Sms,
                email ? request.To : null,
                phone,
                request.Language,
                new Dictionary<string, string>(),
                "test:" + Guid.NewGuid()),
            cancellationToken);
        await audit.RecordAsync(new AuditEvent("notifications.test_sent", null, "notification", string.Join(',', ids), new { request.Channel }), cancellationToken);
        return Result<IReadOnlyList<Guid>>.Success(ids);
    }
}

internal sealed class QueueRow
{
    public const string Columns = """
        id, clinic_id, template_key, channel, recipient, state, attempt_count, max_attempts, last_error,
        provider_status, created_at, not_before, sent_at, failed_at
        """;

    public Guid Id { get; init; }

    public Guid? ClinicId { get; init; }

    public string TemplateKey { get; init; } = "";

    public string Channel { get; init; } = "";

    public string Recipient { get; init; } = "";

    public string State { get; init; } = "";

    public int AttemptCount { get; init; }

    public int MaxAttempts { get; init; }

    public string? LastError { get; init; }

    public string? ProviderStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NotBefore { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    public async Task<QueuedNotification> ToViewAsync(IClinicDirectory clinics, CancellationToken cancellationToken)
    {
        var clinic = ClinicId is { } id ? await clinics.FindByIdAsync(id, cancellationToken) : null;
        return new QueuedNotification(
            Id, clinic?.Slug, clinic?.Name, TemplateKey, Channel, RecipientMask.Mask(Recipient), State, AttemptCount, MaxAttempts,
            LastError, ProviderStatus, CreatedAt, NotBefore, SentAt, FailedAt);
    }
}

/// <summary>Enough of an address to recognise it, not enough to learn it: j•••@example.org, +1•••••••567.</summary>
internal static class RecipientMask
{
    public static string Mask(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return recipient[..1] + "•••" + recipient[at..];
        }

        return recipient.Length > 5 ? recipient[..2] + new string('•', recipient.Length - 5) + recipient[^3..] : "•••";
    }
}
