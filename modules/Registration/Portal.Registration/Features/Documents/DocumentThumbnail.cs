using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Contracts;
using Portal.Registration.Documents;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.Documents;

internal sealed record DocumentThumbnailQuery(Guid PatientId, Guid DocumentId) : IQuery<OpenedDocument>;

/// <summary>The thumbnail of a chart photo, for the Documents tab.</summary>
internal sealed class DocumentThumbnailHandler(PatientDocuments documents, ClinicContext clinic)
    : IRequestHandler<DocumentThumbnailQuery, Result<OpenedDocument>>
{
    public async Task<Result<OpenedDocument>> Handle(DocumentThumbnailQuery request, CancellationToken cancellationToken) =>
        await documents.OpenThumbnailAsync(clinic.ClinicId, request.PatientId, request.DocumentId, cancellationToken) is { } opened
            ? opened
            : DocumentErrors.NotFound;
}

/// <summary>Serves a thumbnail inline (a JPEG Portal made itself), never sniffed, not cached.</summary>
internal sealed class DocumentThumbnailEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/{patientId:guid}/documents/{documentId:guid}/thumbnail", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("PatientDocumentThumbnail")
            .WithSummary("A small JPEG of a photo in a patient's chart, shown inline.")
            .WithDescription("For staff of the patient's clinic. Documents without a thumbnail (anything but photos) are not found.")
            .Produces(StatusCodes.Status200OK, contentType: ContentInspector.Jpeg)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> Handle(
        Guid patientId, Guid documentId, IMediator mediator, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new DocumentThumbnailQuery(patientId, documentId), cancellationToken);
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
