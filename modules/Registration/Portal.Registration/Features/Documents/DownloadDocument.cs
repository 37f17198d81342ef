using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Files;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.Documents;

/// <summary>
/// Serves a document's bytes (F2): always as an attachment under a name made from its title, with the
/// type its content was found to be, never sniffed, sandboxed, not cached, streamed from the file store.
/// </summary>
internal sealed class DownloadDocumentEndpoint : ICarterModule
{
    private static readonly string[] OtherTypes =
        [ContentInspector.Png, ContentInspector.Jpeg, ContentInspector.WebP, ContentInspector.Mp4, ContentInspector.WebM, ContentInspector.Text];

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/{patientId:guid}/documents/{documentId:guid}/content", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("DownloadPatientDocument")
            .WithSummary("Downloads a document of a patient's chart, as an attachment.")
            .WithDescription("For staff of the patient's clinic. Each download is written to the audit log.")
            .Produces(StatusCodes.Status200OK, contentType: ContentInspector.Pdf, additionalContentTypes: OtherTypes)
            .Produces(StatusCodes.Status206PartialContent, contentType: ContentInspector.Pdf, additionalContentTypes: OtherTypes)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid patientId, Guid documentId, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
        ChartFileResponse.StreamAsync(new OpenChartFileQuery(patientId, documentId, ChartFile.Content), mediator, context, cancellationToken);
}
