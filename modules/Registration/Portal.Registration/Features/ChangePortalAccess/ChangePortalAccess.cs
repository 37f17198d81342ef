using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.ChangePortalAccess;

internal sealed record ChangePortalAccessCommand(Guid PatientId, bool Enabled) : ICommand<PatientChart>;

internal sealed record ChangePortalAccessBody(bool Enabled);

/// <summary>The Portal tab's On/Off (S11). It does not touch the chart's version: an open edit form stays valid.</summary>
internal sealed class ChangePortalAccessHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit, IIntegrationEvents events, TimeProvider clock)
    : IRequestHandler<ChangePortalAccessCommand, Result<PatientChart>>
{
    public async Task<Result<PatientChart>> Handle(ChangePortalAccessCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var chart = await PatientCharts.LoadAsync(db, clinicId, request.PatientId, forUpdate: true, cancellationToken);
        if (chart is null)
        {
            return PatientErrors.NotFound;
        }

        if (chart.Portal.Access == request.Enabled)
        {
            return chart;
        }

        await db.ExecuteAsync(
            """
            update registration.patients
            set portal_access = @Enabled, portal_access_changed_at = @Now, portal_access_changed_by = @By
            where clinic_id = @ClinicId and id = @PatientId
            """,
            new { request.Enabled, Now = clock.GetUtcNow(), By = actor.Actor.Label, ClinicId = clinicId, request.PatientId },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.PortalAccessChanged, clinicId, PatientAudit.TargetType, chart.Id.ToString(),
                new { from = chart.Portal.Access, to = request.Enabled }),
            cancellationToken);
        await events.PublishAsync(new PatientPortalAccessChanged(clinicId, chart.Id, request.Enabled, chart.Active), cancellationToken);
        return (await PatientCharts.LoadAsync(db, clinicId, chart.Id, forUpdate: false, cancellationToken))!;
    }
}

internal sealed class ChangePortalAccessEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapPut("/{id:guid}/portal-access", async Task<Results<Ok<PatientChart>, ErrorHttpResult>> (
                    Guid id, ChangePortalAccessBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ChangePortalAccessCommand(id, body.Enabled), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("ChangePortalAccess")
            .WithSummary("Turns a patient's portal access (S11) on or off.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
