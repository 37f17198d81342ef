using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.ReplyAsStaff;

/// <param name="AttachmentIds">Up to 10 documents of the patient's chart to send with the message, in order.</param>
internal sealed record ReplyAsStaffBody(string Body, IReadOnlyList<Guid>? AttachmentIds = null);

internal sealed record ReplyAsStaffCommand(Guid ConversationId, string Body, IReadOnlyList<Guid>? AttachmentIds = null) : ICommand<StaffConversationView>;

internal sealed class ReplyAsStaffValidator : AbstractValidator<ReplyAsStaffCommand>
{
    public ReplyAsStaffValidator()
    {
        RuleFor(x => x.Body).NotEmpty().MaximumLength(MessageLimits.BodyMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
        RuleFor(x => x.AttachmentIds).ValidAttachmentIds();
    }
}

internal sealed class ReplyAsStaffHandler(ClinicContext clinic, ConversationStore store, StaffMessageSender sender, ConversationViews views)
    : IRequestHandler<ReplyAsStaffCommand, Result<StaffConversationView>>
{
    public async Task<Result<StaffConversationView>> Handle(ReplyAsStaffCommand request, CancellationToken cancellationToken)
    {
        var conversation = await store.FindAsync(clinic.ClinicId, request.ConversationId, forUpdate: true, cancellationToken);
        if (conversation is null)
        {
            return MessagingErrors.ConversationNotFound;
        }

        var sent = await sender.SendAsync(clinic.ClinicId, OutgoingStaffMessage.Reply(conversation, request.Body, request.AttachmentIds), cancellationToken);
        return sent.IsSuccess ? await views.ConversationAsync(conversation, cancellationToken) : sent.Error!;
    }
}

internal sealed class ReplyAsStaffEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPost("/conversations/{id:guid}/messages", async Task<Results<Created<StaffConversationView>, ErrorHttpResult>> (
                    Guid id, ReplyAsStaffBody body, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(new ReplyAsStaffCommand(id, body.Body, body.AttachmentIds), cancellationToken))
                .ToHttp(clinic.CreatedConversation))
            .WithName("ReplyAsStaff")
            .ValidatedAs<ReplyAsStaffCommand>()
            .WithSummary("Sends a staff message in an open conversation and returns the conversation.")
            .WithDescription("A sent message never changes: a correction is a new message. A closed conversation answers 409 conversation_closed; reopen it first. " +
                "attachmentIds names up to 10 distinct documents of the conversation's patient's chart; any other id is refused with 400 unknown_document.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
