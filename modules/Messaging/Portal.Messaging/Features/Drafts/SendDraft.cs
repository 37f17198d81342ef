using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Drafts;

internal sealed record SendDraftCommand(Guid DraftId) : ICommand<StaffConversationView>;

/// <summary>Sends a draft as it was last saved, then deletes it; a draft that cannot be sent stays as it was.</summary>
internal sealed class SendDraftHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, ConversationStore store, MessageAttachments attachments, StaffMessageSender sender,
    ConversationViews views)
    : IRequestHandler<SendDraftCommand, Result<StaffConversationView>>
{
    public async Task<Result<StaffConversationView>> Handle(SendDraftCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var draft = await DraftRows.FindAsync(db, clinicId, actor.Actor.Id!.Value, request.DraftId, forUpdate: true, cancellationToken);
        if (draft is null)
        {
            return MessagingErrors.DraftNotFound;
        }

        var attachmentIds = await attachments.DocumentIdsOfDraftAsync(draft.Id, cancellationToken);
        OutgoingStaffMessage outgoing;
        if (draft.ConversationId is { } conversationId)
        {
            var conversation = await store.FindAsync(clinicId, conversationId, forUpdate: true, cancellationToken);
            if (conversation is null)
            {
                return MessagingErrors.UnknownConversation;
            }

            outgoing = OutgoingStaffMessage.Reply(conversation, draft.Body, attachmentIds);
        }
        else
        {
            outgoing = OutgoingStaffMessage.NewConversation(draft.PatientId, draft.Subject, draft.AllowReplies, draft.Body, attachmentIds);
        }

        var sent = await sender.SendAsync(clinicId, outgoing, cancellationToken);
        if (!sent.IsSuccess)
        {
            return sent.Error!;
        }

        await db.ExecuteAsync("delete from messaging.drafts where clinic_id = @clinicId and id = @Id", new { clinicId, draft.Id }, cancellationToken);
        return await views.ConversationAsync(sent.Value.Conversation, cancellationToken);
    }
}

internal sealed class SendDraftEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging("/drafts")
            .MapPost("/{id:guid}/send", async Task<Results<Created<StaffConversationView>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(new SendDraftCommand(id), cancellationToken))
                .ToHttp(clinic.CreatedConversation))
            .WithName("SendDraft")
            .WithSummary("Sends one of the caller's drafts to the patient (a new conversation or a reply) and deletes the draft.")
            .WithDescription(
                "The same rules as composing apply at the time of sending: a subject and a body are needed, Allow replies only while the clinic " +
                "accepts replies (S4), and a reply only in an open conversation (409 conversation_closed). Its attachments are sent with it.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
