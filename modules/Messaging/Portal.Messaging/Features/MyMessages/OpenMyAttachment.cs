using System.Net.Http.Headers;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Registration.Contracts;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.MyMessages;

internal sealed record OpenMyAttachmentQuery(Guid PatientId, Guid ConversationId, Guid DocumentId) : IQuery<OpenedDocument>;

/// <summary>
/// A patient opens a document the clinic sent them. Only a document attached to a clinic's message in one
/// of the patient's own conversations opens; anything else is not found (A1). The chart records the opening
/// in the audit log as the signed-in patient (A5).
/// </summary>
internal sealed class OpenMyAttachmentHandler(ClinicContext clinic, ConversationStore store, MessageAttachments attachments, IPatientDocuments documents)
    : IRequestHandler<OpenMyAttachmentQuery, Result<OpenedDocument>>
{
    public async Task<Result<OpenedDocument>> Handle(OpenMyAttachmentQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var conversation = await store.FindForPatientAsync(clinicId, request.PatientId, request.ConversationId, forUpdate: false, cancellationToken);
        if (conversation is null || !await attachments.ShownInConversationAsync(clinicId, conversation.Id, request.DocumentId, cancellationToken))
        {
            return MessagingErrors.AttachmentNotFound;
        }

        return await documents.OpenAsync(clinicId, conversation.PatientId, request.DocumentId, cancellationToken) is { } opened
            ? opened
            : MessagingErrors.AttachmentNotFound;
    }
}

/// <summary>
/// Streams the file with the type its content was found to be, never sniffed, not cached. PDFs and images
/// open in the browser (inline) so they can be viewed; other types, or any with <c>?download=true</c>, download.
/// </summary>
internal sealed class OpenMyAttachmentEndpoint : ICarterModule
{
    private static readonly string[] OtherTypes =
        [ContentInspector.Png, ContentInspector.Jpeg, ContentInspector.WebP, ContentInspector.Mp4, ContentInspector.WebM, ContentInspector.Text];

    private static readonly HashSet<string> Viewable = [ContentInspector.Pdf, ContentInspector.Png, ContentInspector.Jpeg, ContentInspector.WebP];

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

    private static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid conversationId, Guid documentId, bool? download, IActorContext actor, IMediator mediator, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new OpenMyAttachmentQuery(actor.Actor.Id!.Value, conversationId, documentId), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToHttp();
        }

        var opened = result.Value;
        var type = opened.Document.ContentType;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        // Chromium shows no PDF in a sandboxed document, so a PDF is only kept from loading anything else.
        headers.ContentSecurityPolicy = type == ContentInspector.Pdf ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'" : "default-src 'none'; sandbox";
        var contentType = type == ContentInspector.Text ? "text/plain; charset=utf-8" : type;
        if (download == true || !Viewable.Contains(type))
        {
            return TypedResults.Stream(opened.Content, contentType, opened.DownloadName, enableRangeProcessing: true);
        }

        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = opened.DownloadName }.ToString();
        return TypedResults.Stream(opened.Content, contentType, enableRangeProcessing: true);
    }
}
