using System.Text.Json;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.PatientHistory;

internal sealed record AccessChange(bool From, bool To);

/// <summary>One line of a chart's audit trail: who did what, and to which fields, never the values.</summary>
internal sealed record HistoryEntry(
    DateTimeOffset OccurredAt, string ActorKind, string? Actor, string Action, IReadOnlyList<string>? Changes, AccessChange? PortalAccess);

internal sealed record PatientHistoryView(IReadOnlyList<HistoryEntry> Items);

internal sealed record PatientHistoryQuery(Guid PatientId, int Limit) : IQuery<PatientHistoryView>;

internal sealed class PatientHistoryValidator : AbstractValidator<PatientHistoryQuery>
{
    public PatientHistoryValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 200);
}

internal sealed class PatientHistoryHandler(IDbSession db, ClinicContext clinic, IAuditTrail trail)
    : IRequestHandler<PatientHistoryQuery, Result<PatientHistoryView>>
{
    public async Task<Result<PatientHistoryView>> Handle(PatientHistoryQuery request, CancellationToken cancellationToken)
    {
        var exists = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from registration.patients where clinic_id = @ClinicId and id = @PatientId)",
            new { clinic.ClinicId, request.PatientId },
            cancellationToken);
        if (!exists)
        {
            return PatientErrors.NotFound;
        }

        var entries = await trail.ForTargetAsync(clinic.ClinicId, PatientAudit.TargetType, request.PatientId.ToString(), request.Limit, cancellationToken);
        return new PatientHistoryView(entries.Select(ToEntry).ToList());
    }

    private static HistoryEntry ToEntry(AuditEntry entry)
    {
        var details = entry.Details;
        IReadOnlyList<string>? changes = details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("changes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString()!).ToList()
                : null;
        var access = entry.Action == PatientAudit.PortalAccessChanged
            ? new AccessChange(details.GetProperty("from").GetBoolean(), details.GetProperty("to").GetBoolean())
            : null;
        // A patient is logged by kind only, never by name: the patient of a chart's trail is the chart's own.
        var actor = entry.ActorKind == ActorKind.Patient ? null : entry.ActorLabel;
        return new HistoryEntry(entry.OccurredAt, entry.ActorKind.ToString().ToLowerInvariant(), actor, entry.Action, changes, access);
    }
}

internal sealed class PatientHistoryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/{id:guid}/history", async Task<Results<Ok<PatientHistoryView>, ErrorHttpResult>> (
                    Guid id, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new PatientHistoryQuery(id, limit ?? 50), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("GetPatientHistory")
            .ValidatedAs<PatientHistoryQuery>()
            .WithSummary("The chart's audit trail, newest first: who viewed or changed it, and when.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
