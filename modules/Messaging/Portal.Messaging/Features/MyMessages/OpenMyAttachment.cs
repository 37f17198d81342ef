using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Auditing;
using Portal.Shared.Files;
using Portal.Shared.Results;

namespace Portal.Messaging.Features.MyMessages;

/// <summary>
/// A patient opens a document the clinic sent them with a message: PDFs and images in the browser, anything else,
/// or with <c>?download=true</c>, as a download.
/// </summary>
internal sealed class OpenMyAttachmentEndpoint : ICarterModule
{
    private static readonly string[] OtherTypes =
        [ContentInspector.Png, ContentInspector.Jpeg, ContentInspector.WebP, ContentInspector.Mp4, ContentInspector.WebM, ContentInspector.Text];

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyMessages()
            .MapGet("/{conversationId:guid}/attachments/{documentId:guid}", Handle)
            .WithName("OpenMyAttachment")
            .WithSummary("A document the clinic sent the signed-in patient with a message: shown in the browser (PDF, images) or downloaded.")
            .WithDescription(
                "For the patient of the conversation only; any other conversation or document is not found. download=true always downloads. " +
                "Range requests are served. Every opening is written to the audit log.")
            .Produces(StatusCodes.Status200OK, contentType: ContentInspector.Pdf, additionalContentTypes: OtherTypes)
            .Produces(StatusCodes.Status206PartialContent, contentType: ContentInspector.Pdf, additionalContentTypes: OtherTypes)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid conversationId, Guid documentId, bool? download, IActorContext actor, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
        MyFileResponse.StreamAsync(
            new OpenMyFileQuery(actor.Actor.Id!.Value, conversationId, documentId, MyFile.Content), download == true, mediator, context, cancellationToken);
}
