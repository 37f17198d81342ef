using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.ViewConversation;

/// <summary>Staff open a conversation: the patient's unread replies become read (the inbox's unread state). A change, so it runs in a transaction.</summary>
internal sealed record ViewConversationCommand(Guid ConversationId) : ICommand<StaffConversationView>;

internal sealed class ViewConversationHandler(
    ClinicContext clinic, IActorContext actor, ConversationStore store, ConversationViews views, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<ViewConversationCommand, Result<StaffConversationView>>
{
    public async Task<Result<StaffConversationView>> Handle(ViewConversationCommand request, CancellationToken cancellationToken)
    {
        var conversation = await store.FindAsync(clinic.ClinicId, request.ConversationId, forUpdate: true, cancellationToken);
        if (conversation is null)
        {
            return MessagingErrors.ConversationNotFound;
        }

        var marked = await store.MarkReadAsync(conversation, AuthorKinds.Patient, actor.Actor.Id, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.ConversationViewed, clinic.ClinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                new { by = "staff", patientId = conversation.PatientId, newlyRead = marked }),
            cancellationToken);
        return await views.ConversationAsync(conversation, cancellationToken);
    }
}

internal sealed class ViewConversationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapGet("/conversations/{id:guid}", async Task<Results<Ok<StaffConversationView>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ViewConversationCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ViewConversation")
            .WithSummary("A conversation with every message and its read receipt; the patient's unread replies are marked read.")
            .WithDescription("Every opening is written to the audit log. A staff message's readAt is when the patient first opened it.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
