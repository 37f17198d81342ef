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

namespace Portal.Messaging.Features.ComposeMessage;

/// <summary>A new conversation with one patient, sent at once.</summary>
/// <param name="AllowReplies">Whether the patient may reply; may be true only while the clinic accepts replies (S4).</param>
/// <param name="AttachmentIds">Up to 10 documents of the patient's chart to send with the message, in order.</param>
internal sealed record ComposeMessageCommand(Guid PatientId, string Subject, string Body, bool AllowReplies, IReadOnlyList<Guid>? AttachmentIds = null)
    : ICommand<StaffConversationView>;

internal sealed class ComposeMessageValidator : AbstractValidator<ComposeMessageCommand>
{
    public ComposeMessageValidator()
    {
        RuleFor(x => x.PatientId).NotEmpty();
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(MessageLimits.SubjectMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
        RuleFor(x => x.Body).NotEmpty().MaximumLength(MessageLimits.BodyMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
        RuleFor(x => x.AttachmentIds).ValidAttachmentIds();
    }
}

internal sealed class ComposeMessageHandler(ClinicContext clinic, StaffMessageSender sender, ConversationViews views)
    : IRequestHandler<ComposeMessageCommand, Result<StaffConversationView>>
{
    public async Task<Result<StaffConversationView>> Handle(ComposeMessageCommand request, CancellationToken cancellationToken)
    {
        var sent = await sender.SendAsync(
            clinic.ClinicId,
            OutgoingStaffMessage.NewConversation(request.PatientId, request.Subject, request.AllowReplies, request.Body, request.AttachmentIds),
            cancellationToken);
        return sent.IsSuccess ? await views.ConversationAsync(sent.Value.Conversation, cancellationToken) : sent.Error!;
    }
}

internal sealed class ComposeMessageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPost("/conversations", async Task<Results<Created<StaffConversationView>, ErrorHttpResult>> (
                    ComposeMessageCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken))
                .ToHttp(clinic.CreatedConversation))
            .WithName("ComposeMessage")
            .ValidatedAs<ComposeMessageCommand>()
            .WithSummary("Starts a conversation with one of the clinic's patients and sends its first message.")
            .WithDescription(
                "The body is plain text (line breaks kept, never HTML), up to 10,000 characters, stored as given; a sent message never changes. " +
                "allowReplies may be true only while the clinic accepts replies (S4), else 400 replies_disabled_by_clinic. " +
                "attachmentIds names up to 10 distinct documents of the patient's chart; any other id is refused with 400 unknown_document and nothing is sent.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
