using System.Net.Http.Headers;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Messaging.Conversations;
using Portal.Registration.Contracts;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.MyMessages;

/// <summary>Which file of a document shown in a conversation the patient opens.</summary>
internal enum MyFile
{
    /// <summary>The document's own bytes; the chart records the opening in the audit log as the signed-in patient (A5).</summary>
    Content,

    /// <summary>The small JPEG Portal made of a photo.</summary>
    Thumbnail,
}

internal sealed record OpenMyFileQuery(Guid PatientId, Guid ConversationId, Guid DocumentId, MyFile File) : IQuery<OpenedDocument>;

/// <summary>
/// A patient opens a document shown in one of their own conversations; any other conversation or document,
/// or a thumbnail of a document without one, is not found (A1).
/// </summary>
internal sealed class OpenMyFileHandler(ClinicContext clinic, ConversationStore store, MessageAttachments attachments, IPatientDocuments documents)
    : IRequestHandler<OpenMyFileQuery, Result<OpenedDocument>>
{
    public async Task<Result<OpenedDocument>> Handle(OpenMyFileQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var conversation = await store.FindForPatientAsync(clinicId, request.PatientId, request.ConversationId, forUpdate: false, cancellationToken);
        if (conversation is null || !await attachments.ShownInConversationAsync(clinicId, conversation.Id, request.DocumentId, cancellationToken))
        {
            return MessagingErrors.AttachmentNotFound;
        }

        var opened = request.File == MyFile.Thumbnail
            ? await documents.OpenThumbnailAsync(clinicId, conversation.PatientId, request.DocumentId, cancellationToken)
            : await documents.OpenAsync(clinicId, conversation.PatientId, request.DocumentId, cancellationToken);
        return opened is null ? MessagingErrors.AttachmentNotFound : opened;
    }
}

/// <summary>
/// Streams a file the patient opens, never sniffed, not cached. A thumbnail is shown inline, sandboxed. A document
/// comes with the type its content was found to be: PDFs and images open in the browser (inline) so they can be
/// viewed; other types, or any asked for as a download, download.
/// </summary>
internal static class MyFileResponse
{
    private static readonly HashSet<string> Viewable = [ContentInspector.Pdf, ContentInspector.Png, ContentInspector.Jpeg, ContentInspector.WebP];

    public static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> StreamAsync(
        OpenMyFileQuery query, bool download, IMediator mediator, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(query, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToHttp();
        }

        var opened = result.Value;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        if (query.File == MyFile.Thumbnail)
        {
            headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            return TypedResults.Stream(opened.Content, ContentInspector.Jpeg);
        }

        var type = opened.Document.ContentType;
        // Chromium shows no PDF in a sandboxed document, so a PDF is only kept from loading anything else.
        headers.ContentSecurityPolicy = type == ContentInspector.Pdf ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'" : "default-src 'none'; sandbox";
        var contentType = type == ContentInspector.Text ? "text/plain; charset=utf-8" : type;
        if (download || !Viewable.Contains(type))
        {
            return TypedResults.Stream(opened.Content, contentType, opened.DownloadName, enableRangeProcessing: true);
        }

        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = opened.DownloadName }.ToString();
        return TypedResults.Stream(opened.Content, contentType, enableRangeProcessing: true);
    }
}
