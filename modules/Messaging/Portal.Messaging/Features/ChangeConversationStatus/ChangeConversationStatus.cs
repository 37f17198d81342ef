using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Messaging.Features.ChangeConversationStatus;

/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
internal sealed record ChangeConversationStatusBody(string Status);

internal sealed record ChangeConversationStatusCommand(Guid ConversationId, string Status) : ICommand<ConversationSummary>;

internal sealed class ChangeConversationStatusValidator : AbstractValidator<ChangeConversationStatusCommand>
{
    public ChangeConversationStatusValidator() =>
        RuleFor(x => x.Status).NotEmpty().IsOneOf(ConversationStatus.All).WithErrorCode("invalid_choice");
}

/// <summary>Closes a conversation (the patient can no longer reply) or reopens it.</summary>
internal sealed class ChangeConversationStatusHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, ConversationStore store, ConversationViews views, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<ChangeConversationStatusCommand, Result<ConversationSummary>>
{
    public async Task<Result<ConversationSummary>> Handle(ChangeConversationStatusCommand request, CancellationToken cancellationToken)
    {
        var conversation = await store.FindAsync(clinic.ClinicId, request.ConversationId, forUpdate: true, cancellationToken);
        if (conversation is null)
        {
            return MessagingErrors.ConversationNotFound;
        }

        if (conversation.Status != request.Status)
        {
            await db.ExecuteAsync(
                """
                update messaging.conversations set status = @Status, status_changed_at = @now, status_changed_by = @by
                where clinic_id = @ClinicId and id = @Id
                """,
                new { request.Status, now = clock.GetUtcNow(), by = actor.Actor.Id, conversation.ClinicId, conversation.Id },
                cancellationToken);
            await audit.RecordAsync(
                new AuditEvent(MessagingAudit.StatusChanged, clinic.ClinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                    new { from = conversation.Status, to = request.Status }),
                cancellationToken);
        }

        return await views.SummaryAsync(conversation with { Status = request.Status }, cancellationToken);
    }
}

internal sealed class ChangeConversationStatusEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPut("/conversations/{id:guid}/status", async Task<Results<Ok<ConversationSummary>, ErrorHttpResult>> (
                    Guid id, ChangeConversationStatusBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ChangeConversationStatusCommand(id, body.Status), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ChangeConversationStatus")
            .ValidatedAs<ChangeConversationStatusCommand>()
            .WithSummary("Closes a conversation, after which the patient cannot reply, or reopens it.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
