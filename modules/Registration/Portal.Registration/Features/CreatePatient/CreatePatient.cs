using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.CreatePatient;

/// <summary>A new patient from the staff form.</summary>
internal sealed record CreatePatientCommand : PatientFields, ICommand<PatientChart>
{
    public bool Active { get; init; } = true;

    /// <summary>Portal access (S11) to start with; null takes the clinic's default for new patients (S2).</summary>
    public bool? PortalAccess { get; init; }

    public override bool IsActive => Active;
}

internal sealed class CreatePatientValidator(TimeProvider clock) : PatientFieldsValidator<CreatePatientCommand>(clock);

internal sealed class CreatePatientHandler(
    IDbSession db,
    ClinicContext clinic,
    IActorContext actor,
    PatientStore store,
    PatientConflicts conflicts,
    IPortalSettings settings,
    IAuditLog audit,
    IIntegrationEvents events,
    TimeProvider clock) : IRequestHandler<CreatePatientCommand, Result<PatientChart>>
{
    public async Task<Result<PatientChart>> Handle(CreatePatientCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var record = PatientRecord.From(request);
        if (await conflicts.FindAsync(clinicId, null, record, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var access = request.PortalAccess ?? (await settings.GetAsync(clinicId, cancellationToken))?.NewPatientsGetAccess ?? false;
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await store.InsertAsync(clinicId, [new NewPatient(id, record, access)], actor.Actor, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Created, clinicId, PatientAudit.TargetType, id.ToString(),
                new { changes = PatientChanges.Between(null, record), portalAccess = access }),
            cancellationToken);
        await events.PublishAsync(new PatientCreated(clinicId, id, access), cancellationToken);
        return (await PatientCharts.LoadAsync(db, clinicId, id, forUpdate: false, cancellationToken))!;
    }
}

internal sealed class CreatePatientEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapPost("/", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("CreatePatient")
            .WithSummary("Adds a patient to the clinic. Portal access starts as the clinic's default for new patients unless given.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

    private static async Task<Results<Created<PatientChart>, ErrorHttpResult>> Handle(
        CreatePatientCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
        (await mediator.Send(command, cancellationToken))
        .ToHttp(chart => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/patients/{chart.Id}", chart));
}
