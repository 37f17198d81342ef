using System.Text.Json.Serialization;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.UpdatePatient;

/// <summary>The edit form's save: every field at once, against the version the form was loaded at.</summary>
internal sealed record UpdatePatientCommand : PatientFields, ICommand<PatientChart>
{
    public required bool Active { get; init; }

    public required int Version { get; init; }

    /// <summary>From the address, never from the body.</summary>
    [JsonIgnore]
    public Guid PatientId { get; init; }

    public override bool IsActive => Active;
}

internal sealed class UpdatePatientValidator : PatientFieldsValidator<UpdatePatientCommand>
{
    public UpdatePatientValidator(TimeProvider clock)
        : base(clock) => RuleFor(x => x.Version).GreaterThan(0);
}

internal sealed class UpdatePatientHandler(
    IDbSession db,
    ClinicContext clinic,
    IActorContext actor,
    PatientStore store,
    PatientConflicts conflicts,
    IAuditLog audit,
    IIntegrationEvents events,
    TimeProvider clock) : IRequestHandler<UpdatePatientCommand, Result<PatientChart>>
{
    public async Task<Result<PatientChart>> Handle(UpdatePatientCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var current = await PatientCharts.LoadAsync(db, clinicId, request.PatientId, forUpdate: true, cancellationToken);
        if (current is null)
        {
            return PatientErrors.NotFound;
        }

        if (current.Version != request.Version)
        {
            return Error.Conflict("patient_changed", "Someone saved this patient after you opened the form. Reload to see their changes.");
        }

        var before = current.ToRecord();
        var after = PatientRecord.From(request);
        var changes = PatientChanges.Between(before, after);
        var restricted = changes.Where(field => field is "chartNumber" or "active").ToList();
        if (restricted.Count > 0 && actor.Actor.Role == StaffRoles.Staff)
        {
            return PatientConflicts.FieldErrors(
                Error.Forbidden("restricted_field", "Only the clinic's owners and admins can change a chart number or whether a patient is active."),
                restricted.Select(field => new FieldProblem(field, "restricted_field", "Only owners and admins can change this.")));
        }

        if (changes.Count == 0)
        {
            return current;
        }

        if (after.Active && changes.Contains("active") && await AwaitsReviewAsync(clinicId, request.PatientId, cancellationToken))
        {
            return PatientConflicts.FieldErrors(
                Error.Conflict("registration_awaits_review", "This chart came from a self-registration that waits for review: accept, merge or reject it under Registrations to review."),
                [new FieldProblem("active", "registration_awaits_review", "Accept the registration under Registrations to review to make this chart active.")]);
        }

        if (await conflicts.FindAsync(clinicId, request.PatientId, after, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await store.UpdateAsync(clinicId, request.PatientId, after, actor.Actor, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Updated, clinicId, PatientAudit.TargetType, request.PatientId.ToString(), new { changes }),
            cancellationToken);
        if (changes.Contains("emails") || changes.Contains("mobiles"))
        {
            await events.PublishAsync(new PatientContactsChanged(clinicId, request.PatientId, before.Contacts, after.Contacts), cancellationToken);
        }

        if (changes.Contains("active"))
        {
            await events.PublishAsync(new PatientPortalAccessChanged(clinicId, request.PatientId, current.Portal.Access, after.Active), cancellationToken);
        }

        return (await PatientCharts.LoadAsync(db, clinicId, request.PatientId, forUpdate: false, cancellationToken))!;
    }

    /// <summary>A self-registered chart becomes active only through the review queue, which tells the person and audits the decision.</summary>
    private Task<bool> AwaitsReviewAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<bool>(
            "select exists (select 1 from registration.self_registrations where clinic_id = @clinicId and patient_id = @patientId and status = 'pending_review')",
            new { clinicId, patientId },
            cancellationToken);
}

internal sealed class UpdatePatientEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapPut("/{id:guid}", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("UpdatePatient")
            .WithSummary("Saves the edit form. Only owners and admins change a chart number or whether a patient is active.")
            .ProducesProblems(
                StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<PatientChart>, ErrorHttpResult>> Handle(
        Guid id, UpdatePatientCommand command, IMediator mediator, CancellationToken cancellationToken) =>
        (await mediator.Send(command with { PatientId = id }, cancellationToken)).ToHttp(TypedResults.Ok);
}
