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
using Portal.Shared.Web;

namespace Portal.Registration.Features.Documents;

/// <summary>Serves a thumbnail inline (a JPEG Portal made itself), never sniffed, not cached.</summary>
internal sealed class DocumentThumbnailEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/{patientId:guid}/documents/{documentId:guid}/thumbnail", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .RequireRateLimiting(RateLimitPolicies.AccountReads)
            .WithName("PatientDocumentThumbnail")
            .WithSummary("A small JPEG of a photo in a patient's chart, shown inline.")
            .WithDescription("For staff of the patient's clinic. Documents without a thumbnail (anything but photos) are not found.")
            .Produces(StatusCodes.Status200OK, contentType: ContentInspector.Jpeg)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid patientId, Guid documentId, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
        ChartFileResponse.StreamAsync(new OpenChartFileQuery(patientId, documentId, ChartFile.Thumbnail), mediator, context, cancellationToken);
}
