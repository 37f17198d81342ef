using Carter;
using FluentValidation;
using Hangfire;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Bulk;

/// <summary>One message to every patient of a group, each in a conversation of their own.</summary>
/// <param name="AllowReplies">Whether patients may reply; may be true only while the clinic accepts replies (S4).</param>
internal sealed record StartBulkMessageCommand(BulkGroup Group, string Subject, string Body, bool AllowReplies) : IRequest<Result<BulkMessageView>>;

internal sealed class StartBulkMessageValidator : AbstractValidator<StartBulkMessageCommand>
{
    public StartBulkMessageValidator()
    {
        RuleFor(x => x.Group).NotNull().SetValidator(new BulkGroupValidator());
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(MessageLimits.SubjectMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
        RuleFor(x => x.Body).NotEmpty().MaximumLength(MessageLimits.BodyMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
    }
}

/// <summary>
/// Stores the bulk message and hands it to <see cref="BulkMessageJob"/>. It commits before enqueuing, so the
/// job never starts on a row it cannot see yet.
/// </summary>
internal sealed class StartBulkMessageHandler(
    IDbSession db,
    ClinicContext clinic,
    IActorContext actor,
    IPortalSettings settings,
    BulkGroupCounter counter,
    IAuditLog audit,
    IBackgroundJobClient jobs,
    TimeProvider clock) : IRequestHandler<StartBulkMessageCommand, Result<BulkMessageView>>
{
    public async Task<Result<BulkMessageView>> Handle(StartBulkMessageCommand request, CancellationToken cancellationToken)
    {
        var created = await db.InTransactionAsync(() => CreateAsync(request, cancellationToken), cancellationToken);
        if (created.IsSuccess)
        {
            jobs.Enqueue<BulkMessageJob>(job => job.RunAsync(created.Value.Id, CancellationToken.None));
        }

        return created;
    }

    private async Task<Result<BulkMessageView>> CreateAsync(StartBulkMessageCommand request, CancellationToken cancellationToken)
    {
        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        if (AllowRepliesRule.Refusal(request.AllowReplies, portal?.PatientRepliesEnabled ?? false) is { } refusal)
        {
            return refusal;
        }

        var count = await counter.CountAsync(clinic.ClinicId, request.Group, portal is { PortalEnabled: true }, cancellationToken);
        if (count.Selected == 0)
        {
            return BulkMessageErrors.EmptyGroup;
        }

        var now = clock.GetUtcNow();
        var sender = actor.Actor;
        var row = new BulkMessageRow(
            Guid.CreateVersion7(now), clinic.ClinicId, request.Subject.Trim(), request.Body, request.AllowReplies, BulkMessageRow.Serialize(request.Group),
            BulkStates.Queued, count.Selected, 0, 0, null, sender.Id!.Value, sender.Label ?? "Staff", now, null, null, null);
        await db.ExecuteAsync(
            """
            insert into messaging.bulk_messages
                (id, clinic_id, subject, body, replies_allowed, filter, state, selected, created_by, created_by_name, created_at)
            values (@Id, @ClinicId, @Subject, @Body, @RepliesAllowed, cast(@Filter as jsonb), @State, @Selected, @CreatedBy, @CreatedByName, @CreatedAt)
            """,
            row,
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(BulkMessageAudit.Started, clinic.ClinicId, BulkMessageAudit.Target, row.Id.ToString(),
                new { selected = count.Selected, wouldSend = count.WouldSend, skipped = count.Skipped, allowReplies = request.AllowReplies, length = request.Body.Length }),
            cancellationToken);
        return row.ToView();
    }
}

internal sealed class StartBulkMessageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPost("/bulk", async Task<Results<Accepted<BulkMessageView>, ErrorHttpResult>> (
                    StartBulkMessageCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken))
                .ToHttp(view => TypedResults.Accepted(MessagingLocations.Bulk(clinic, view.Id), view)))
            .WithName("StartBulkMessage")
            .ValidatedAs<StartBulkMessageCommand>()
            .WithSummary("Sends one message to every patient of a group, each as a conversation of their own, in a background job.")
            .WithDescription(
                "For the clinic's staff. Answers 202 at once with the bulk message (state queued); its progress is read from its own URL. " +
                "Patients without portal access, inactive, or without an address for their preferred channel are skipped and listed with the reason. " +
                "allowReplies may be true only while the clinic accepts replies (S4), else 400 replies_disabled_by_clinic; an empty group is 400 group_empty.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
