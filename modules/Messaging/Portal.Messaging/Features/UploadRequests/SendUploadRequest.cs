using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Messaging.Features.UploadRequests;

/// <summary>A request for photos, sent as the first message of a new conversation with one patient (M4).</summary>
/// <param name="Subject">The conversation's subject, such as "Photo of your rash".</param>
/// <param name="Body">What to photograph ("Please upload a photo of …"), plain text.</param>
/// <param name="PhotosMax">How many photos the patient may send, 1 to 10.</param>
/// <param name="ExpiresAt">Until when photos are accepted: at least an hour and at most 90 days from now.</param>
internal sealed record SendUploadRequestCommand(Guid PatientId, string Subject, string Body, int PhotosMax, DateTimeOffset ExpiresAt)
    : ICommand<StaffConversationView>;

internal sealed class SendUploadRequestValidator : AbstractValidator<SendUploadRequestCommand>
{
    public SendUploadRequestValidator()
    {
        RuleFor(x => x.PatientId).NotEmpty();
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(MessageLimits.SubjectMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
        RuleFor(x => x.Body).NotEmpty().MaximumLength(MessageLimits.BodyMaxLength)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithErrorCode("required");
        RuleFor(x => x.PhotosMax).InclusiveBetween(UploadRequestLimits.PhotosMin, UploadRequestLimits.PhotosMax);
    }
}

/// <summary>
/// Sends the request through <see cref="StaffMessageSender"/> like any staff message, so the patient is told the
/// same way (a Read message link and quick passcode, no subject or body in the email or SMS), then adds the request beside it.
/// </summary>
internal sealed class SendUploadRequestHandler(
    ClinicContext clinic, StaffMessageSender sender, UploadRequestStore requests, ConversationViews views, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SendUploadRequestCommand, Result<StaffConversationView>>
{
    public async Task<Result<StaffConversationView>> Handle(SendUploadRequestCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (request.ExpiresAt < now + UploadRequestLimits.ShortestValidity || request.ExpiresAt > now + UploadRequestLimits.LongestValidity)
        {
            return Error.Field("expiresAt", "expiry_out_of_range", "The request must stay open at least an hour and at most 90 days.");
        }

        var sent = await sender.SendAsync(
            clinic.ClinicId,
            OutgoingStaffMessage.NewConversation(request.PatientId, request.Subject, allowReplies: false, request.Body) with { Kind = MessageKinds.UploadRequest },
            cancellationToken);
        if (!sent.IsSuccess)
        {
            return sent.Error!;
        }

        var conversation = sent.Value.Conversation;
        var row = new UploadRequestRow(
            Guid.CreateVersion7(now), clinic.ClinicId, conversation.Id, sent.Value.MessageId, conversation.PatientId, request.PhotosMax,
            request.ExpiresAt.ToUniversalTime(), null, null);
        await requests.InsertAsync(row, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.UploadRequested, clinic.ClinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                new { requestId = row.Id, patientId = row.PatientId, photosMax = row.PhotosMax, expiresAt = row.ExpiresAt }),
            cancellationToken);
        return await views.ConversationAsync(conversation, cancellationToken);
    }
}

internal sealed class SendUploadRequestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPost("/upload-requests", async Task<Results<Created<StaffConversationView>, ErrorHttpResult>> (
                    SendUploadRequestCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken))
                .ToHttp(clinic.CreatedConversation))
            .RequireRateLimiting(RateLimitPolicies.AccountChanges)
            .WithName("SendUploadRequest")
            .ValidatedAs<SendUploadRequestCommand>()
            .WithSummary("Asks one of the clinic's patients for photos: a new conversation whose message is an upload request.")
            .WithDescription(
                "For staff of the clinic. The patient is told like for any new message, by the preferred channel, with no subject or body. " +
                "photosMax is 1 to 10; expiresAt at least an hour and at most 90 days ahead. The request is open until the patient sends " +
                "photos, it expires, or the conversation is closed. The patient cannot reply with text in this conversation.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
