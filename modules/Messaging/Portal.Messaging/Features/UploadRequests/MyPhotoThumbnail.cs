using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Features.MyMessages;
using Portal.Shared.Auditing;
using Portal.Shared.Files;
using Portal.Shared.Results;
using Portal.Shared.Web;

namespace Portal.Messaging.Features.UploadRequests;

/// <summary>The thumbnail of a photo shown in one of the patient's own conversations.</summary>
internal sealed class MyThumbnailEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyMessages()
            .MapGet("/{conversationId:guid}/attachments/{documentId:guid}/thumbnail", Handle)
            .RequireRateLimiting(RateLimitPolicies.AccountReads)
            .WithName("OpenMyAttachmentThumbnail")
            .WithSummary("A small JPEG of a photo in one of the signed-in patient's conversations, shown inline.")
            .WithDescription("For the patient of the conversation only; any other conversation, or a document without a thumbnail, is not found.")
            .Produces(StatusCodes.Status200OK, contentType: ContentInspector.Jpeg)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid conversationId, Guid documentId, IActorContext actor, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
        MyFileResponse.StreamAsync(
            new OpenMyFileQuery(actor.Actor.Id!.Value, conversationId, documentId, MyFile.Thumbnail), download: false, mediator, context, cancellationToken);
}
