using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Registration.Contracts;
using Portal.Registration.Documents;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.Documents;

/// <summary>Which file of a chart document is opened.</summary>
internal enum ChartFile
{
    /// <summary>The document's own bytes; opening them is audited (A5).</summary>
    Content,

    /// <summary>The small JPEG Portal made of a photo.</summary>
    Thumbnail,
}

internal sealed record OpenChartFileQuery(Guid PatientId, Guid DocumentId, ChartFile File) : IQuery<OpenedDocument>;

/// <summary>Opens a file of a document in a chart of the staff member's clinic; anything else is not found.</summary>
internal sealed class OpenChartFileHandler(PatientDocuments documents, ClinicContext clinic)
    : IRequestHandler<OpenChartFileQuery, Result<OpenedDocument>>
{
    public async Task<Result<OpenedDocument>> Handle(OpenChartFileQuery request, CancellationToken cancellationToken)
    {
        var opened = request.File == ChartFile.Thumbnail
            ? await documents.OpenThumbnailAsync(clinic.ClinicId, request.PatientId, request.DocumentId, cancellationToken)
            : await documents.OpenAsync(clinic.ClinicId, request.PatientId, request.DocumentId, cancellationToken);
        return opened is null ? DocumentErrors.NotFound : opened;
    }
}

/// <summary>
/// Streams a chart file from the file store, never sniffed, sandboxed, not cached: a document (F2) as an
/// attachment under a name made from its title, with the type its content was found to be; a thumbnail inline.
/// </summary>
internal static class ChartFileResponse
{
    public static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> StreamAsync(
        OpenChartFileQuery query, IMediator mediator, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(query, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToHttp();
        }

        var opened = result.Value;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        if (query.File == ChartFile.Thumbnail)
        {
            return TypedResults.Stream(opened.Content, ContentInspector.Jpeg);
        }

        var contentType = opened.Document.ContentType == ContentInspector.Text ? "text/plain; charset=utf-8" : opened.Document.ContentType;
        return TypedResults.Stream(opened.Content, contentType, opened.DownloadName, enableRangeProcessing: true);
    }
}
