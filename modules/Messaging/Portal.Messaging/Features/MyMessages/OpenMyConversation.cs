using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Messaging.Features.UploadRequests;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.MyMessages;

/// <summary>
/// The patient opens a conversation: the clinic's unread messages get their read receipt (the first open). Only that marking is a
/// change: it runs in a transaction with its audit entry, and an opening with nothing to mark is a read, audited as reads are.
/// </summary>
internal sealed record OpenMyConversationQuery(Guid PatientId, Guid ConversationId) : IQuery<MyConversation>;

internal sealed class OpenMyConversationHandler(
    IDbSession db, ClinicContext clinic, ConversationStore store, MessageAttachments attachments, IPortalSettings settings, IAuditLog audit,
    TimeProvider clock)
    : IRequestHandler<OpenMyConversationQuery, Result<MyConversation>>
{
    public async Task<Result<MyConversation>> Handle(OpenMyConversationQuery request, CancellationToken cancellationToken)
    {
        var conversation = await store.FindForPatientAsync(clinic.ClinicId, request.PatientId, request.ConversationId, forUpdate: false, cancellationToken);
        if (conversation is null)
        {
            return MessagingErrors.ConversationNotFound;
        }

        if (conversation.PatientUnread == 0)
        {
            // Most openings have nothing to mark: no transaction, no row lock, and no wait for a commit to reach the disk.
            return await OpenAsync(conversation, cancellationToken);
        }

        return await db.InTransactionAsync(
            async () =>
                await store.FindForPatientAsync(clinic.ClinicId, request.PatientId, request.ConversationId, forUpdate: true, cancellationToken) is { } locked
                    ? await OpenAsync(locked, cancellationToken)
                    : MessagingErrors.ConversationNotFound,
            cancellationToken);
    }

    private async Task<Result<MyConversation>> OpenAsync(ConversationRow conversation, CancellationToken cancellationToken)
    {
        var messages = await store.MessagesAsync(clinic.ClinicId, conversation.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var marked = await store.MarkReadAsync(conversation, AuthorKinds.Staff, null, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.ConversationViewed, clinic.ClinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                new { by = "patient", patientId = conversation.PatientId, newlyRead = marked }),
            cancellationToken);
        return await MyConversationViews.OfAsync(conversation, messages, attachments, settings, now, cancellationToken);
    }
}

internal static class MyConversationViews
{
    /// <summary>The conversation as the patient sees it; <paramref name="messages"/> as read before this opening marked them.</summary>
    public static async Task<MyConversation> OfAsync(
        ConversationRow conversation, IReadOnlyList<MessageRow> messages, MessageAttachments attachments, IPortalSettings settings, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var attached = await attachments.OfMessagesAsync(conversation.ClinicId, conversation.PatientId, messages, cancellationToken);
        var replies = (await settings.GetAsync(conversation.ClinicId, cancellationToken))?.PatientRepliesEnabled ?? false;
        return new MyConversation(
            conversation.Id,
            conversation.Subject,
            conversation.Status == ConversationStatus.Closed,
            PatientReplyRule.Allows(conversation.Status, conversation.RepliesAllowed, replies),
            messages.Select(m =>
                {
                    var request = m.UploadRequest is { } found ? UploadRequestView.From(found, conversation.Status, now) : null;
                    return m.AuthorKind == AuthorKinds.Staff
                        ? new MyMessage(
                            m.Id, FromClinic: true, m.AuthorName, m.Body, m.SentAt, IsNew: m.ReadAt is null, ReadByClinicAt: null,
                            MessageAttachments.Of(attached, m.Id), m.Kind, request)
                        : new MyMessage(m.Id, FromClinic: false, null, m.Body, m.SentAt, IsNew: false, m.ReadAt, MessageAttachments.Of(attached, m.Id), m.Kind, null);
                })
                .ToList());
    }
}

internal sealed class OpenMyConversationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyMessages()
            .MapGet("/{id:guid}", async Task<Results<Ok<MyConversation>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new OpenMyConversationQuery(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("OpenMyConversation")
            .WithSummary("One of the signed-in patient's conversations with every message; the clinic's new messages are marked read.")
            .WithDescription("The first opening of each message from the clinic is recorded and shown to staff. Every opening is audited. Another patient's conversation is not found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
