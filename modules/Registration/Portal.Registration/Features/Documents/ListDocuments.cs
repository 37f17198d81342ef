using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Documents;
using Portal.Registration.Patients;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.Documents;

internal sealed record ListDocumentsQuery(Guid PatientId) : IQuery<DocumentList>;

/// <summary>The chart's Documents tab, newest first. Every listing is audited (A5).</summary>
internal sealed class ListDocumentsHandler(PatientDocuments documents, ClinicContext clinic)
    : IRequestHandler<ListDocumentsQuery, Result<DocumentList>>
{
    public async Task<Result<DocumentList>> Handle(ListDocumentsQuery request, CancellationToken cancellationToken)
    {
        var list = await documents.ListAsync(clinic.ClinicId, request.PatientId, cancellationToken);
        return list is null
            ? PatientErrors.NotFound
            : new DocumentList(list.Select(d => DocumentView.From(d, clinic.Clinic.Slug)).ToList());
    }
}

internal sealed class ListDocumentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/{patientId:guid}/documents", async Task<Results<Ok<DocumentList>, ErrorHttpResult>> (
                    Guid patientId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListDocumentsQuery(patientId), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("ListPatientDocuments")
            .WithSummary("The documents in a patient's chart, newest first.")
            .WithDescription("For staff of the patient's clinic. Each listing is written to the audit log.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
