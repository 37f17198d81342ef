using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Contracts;
using Portal.Messaging.Conversations;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.MyMessages;

internal sealed record ReplyAsPatientBody(string Body);

internal sealed record ReplyAsPatientCommand(Guid PatientId, Guid ConversationId, string Body) : ICommand<MyConversation>;

internal sealed class ReplyAsPatientValidator : AbstractValidator<ReplyAsPatientCommand>
{
    public ReplyAsPatientValidator() =>
        RuleFor(x => x.Body).NotEmpty().MaximumLength(MessageLimits.BodyMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
}

/// <summary>The patient's reply, refused by the server (not just the page) where replies are off (S4) or the conversation is closed.</summary>
internal sealed class ReplyAsPatientHandler(
    ClinicContext clinic, ConversationStore store, MessageAttachments attachments, IPortalSettings settings, IAuditLog audit,
    IIntegrationEvents events, TimeProvider clock)
    : IRequestHandler<ReplyAsPatientCommand, Result<MyConversation>>
{
    public async Task<Result<MyConversation>> Handle(ReplyAsPatientCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var conversation = await store.FindForPatientAsync(clinicId, request.PatientId, request.ConversationId, forUpdate: true, cancellationToken);
        if (conversation is null)
        {
            return MessagingErrors.ConversationNotFound;
        }

        var replies = (await settings.GetAsync(clinicId, cancellationToken))?.PatientRepliesEnabled ?? false;
        if (PatientReplyRule.Refusal(conversation.Status, conversation.RepliesAllowed, replies) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var messageId = await store.InsertMessageAsync(conversation, AuthorKinds.Patient, null, null, request.Body, now, MessageKinds.Text, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.MessageSent, clinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                new { messageId, patientId = conversation.PatientId, by = "patient", length = request.Body.Length }),
            cancellationToken);
        await events.PublishAsync(new PatientReplied(clinicId, conversation.PatientId, conversation.Id, messageId), cancellationToken);
        var messages = await store.MessagesAsync(clinicId, conversation.Id, cancellationToken);
        return await MyConversationViews.OfAsync(conversation, messages, attachments, settings, now, cancellationToken);
    }
}

internal sealed class ReplyAsPatientEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyMessages()
            .MapPost("/{id:guid}/replies", async Task<Results<Created<MyConversation>, ErrorHttpResult>> (
                    Guid id, ReplyAsPatientBody body, IActorContext actor, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(new ReplyAsPatientCommand(actor.Actor.Id!.Value, id, body.Body), cancellationToken))
                .ToHttp(clinic.CreatedMyConversation))
            .WithName("ReplyAsPatient")
            .ValidatedAs<ReplyAsPatientCommand>()
            .WithSummary("The signed-in patient's reply in one of their conversations (Submit), returned with the conversation.")
            .WithDescription(
                "Plain text up to 10,000 characters, stored as given. Refused with 409 and nothing stored when the conversation does not allow " +
                "replies (replies_not_allowed), the clinic no longer accepts replies (replies_turned_off, S4) or the conversation is closed (conversation_closed).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
