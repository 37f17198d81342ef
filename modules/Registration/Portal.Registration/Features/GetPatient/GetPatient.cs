using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.GetPatient;

internal sealed record GetPatientQuery(Guid PatientId) : IQuery<PatientChart>;

/// <summary>Opens a chart. Every opening is written to the audit log (checklist A5).</summary>
internal sealed class GetPatientHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<GetPatientQuery, Result<PatientChart>>
{
    public async Task<Result<PatientChart>> Handle(GetPatientQuery request, CancellationToken cancellationToken)
    {
        var chart = await PatientCharts.LoadAsync(db, clinic.ClinicId, request.PatientId, forUpdate: false, cancellationToken);
        if (chart is null)
        {
            return PatientErrors.NotFound;
        }

        await audit.RecordAsync(new AuditEvent(PatientAudit.Viewed, clinic.ClinicId, PatientAudit.TargetType, chart.Id.ToString()), cancellationToken);
        return chart;
    }
}

internal sealed class GetPatientEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/{id:guid}", async Task<Results<Ok<PatientChart>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetPatientQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("GetPatient")
            .WithSummary("A patient's chart: demographics, identifiers, contact points and portal access.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
