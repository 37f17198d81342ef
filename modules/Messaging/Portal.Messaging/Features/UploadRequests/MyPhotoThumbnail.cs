using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.UploadRequests;

internal sealed record MyThumbnailQuery(Guid PatientId, Guid ConversationId, Guid DocumentId) : IQuery<OpenedDocument>;

/// <summary>The thumbnail of a photo shown in one of the patient's own conversations; anything else is not found (A1).</summary>
internal sealed class MyThumbnailHandler(ClinicContext clinic, ConversationStore store, MessageAttachments attachments, IPatientDocuments documents)
    : IRequestHandler<MyThumbnailQuery, Result<OpenedDocument>>
{
    public async Task<Result<OpenedDocument>> Handle(MyThumbnailQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var conversation = await store.FindForPatientAsync(clinicId, request.PatientId, request.ConversationId, forUpdate: false, cancellationToken);
        if (conversation is null || !await attachments.ShownInConversationAsync(clinicId, conversation.Id, request.DocumentId, cancellationToken))
        {
            return MessagingErrors.AttachmentNotFound;
        }

        return await documents.OpenThumbnailAsync(clinicId, conversation.PatientId, request.DocumentId, cancellationToken) is { } opened
            ? opened
            : MessagingErrors.AttachmentNotFound;
    }
}

internal sealed class MyThumbnailEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyMessages()
            .MapGet("/{conversationId:guid}/attachments/{documentId:guid}/thumbnail", Handle)
            .WithName("OpenMyAttachmentThumbnail")
            .WithSummary("A small JPEG of a photo in one of the signed-in patient's conversations, shown inline.")
            .WithDescription("For the patient of the conversation only; any other conversation, or a document without a thumbnail, is not found.")
            .Produces(StatusCodes.Status200OK, contentType: ContentInspector.Jpeg)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid conversationId, Guid documentId, IActorContext actor, IMediator mediator, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new MyThumbnailQuery(actor.Actor.Id!.Value, conversationId, documentId), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToHttp();
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        return TypedResults.Stream(result.Value.Content, ContentInspector.Jpeg);
    }
}
