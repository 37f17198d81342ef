using System.Text.Json;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
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

/// <summary>
/// One row of a chart's history: who did what, to which fields (never the values), when, and for sign-in steps from where.
/// A row stands for <see cref="Count"/> entries when the same person repeated the same view within the hour.
/// </summary>
/// <param name="OccurredAt">The newest entry of the row.</param>
/// <param name="FirstOccurredAt">The oldest entry of the row; the same as <paramref name="OccurredAt"/> when the count is 1.</param>
/// <param name="Actor">The staff member's or operator's name as it is now; null for the patient, the portal and people not signed in.</param>
/// <param name="ActorRole">owner, admin, staff or operator, as it is now; null when there is no account behind the actor.</param>
/// <param name="ContactKind">email or mobile, for the steps that use one.</param>
/// <param name="From">The client address, for sign-in steps only.</param>
internal sealed record HistoryEntry(
    DateTimeOffset OccurredAt,
    DateTimeOffset FirstOccurredAt,
    int Count,
    string ActorKind,
    string? Actor,
    string? ActorRole,
    PatientHistoryAction Action,
    IReadOnlyList<string>? Changes,
    AccessChange? PortalAccess,
    string? ContactKind,
    string? From);

internal sealed record PatientHistoryView(IReadOnlyList<HistoryEntry> Items);

internal sealed record PatientHistoryQuery(Guid PatientId, int Limit) : IQuery<PatientHistoryView>;

internal sealed class PatientHistoryValidator : AbstractValidator<PatientHistoryQuery>
{
    public PatientHistoryValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 200);
}

internal sealed class PatientHistoryHandler(IDbSession db, ClinicContext clinic, IAuditTrail trail, IStaffAccounts staff)
    : IRequestHandler<PatientHistoryQuery, Result<PatientHistoryView>>
{
    private static readonly AuditFolding Folding = new(
        PatientHistoryActions.Foldable.Select(PatientHistoryActions.CodeOf).ToList(), PatientHistoryActions.FoldWithin);

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

        var entries = await trail.FoldedForTargetAsync(
            clinic.ClinicId, PatientAudit.TargetType, request.PatientId.ToString(), Folding, request.Limit, cancellationToken);
        var accountIds = entries
            .Where(entry => entry.ActorKind is ActorKind.Staff or ActorKind.Operator && entry.ActorId is not null)
            .Select(entry => entry.ActorId!.Value)
            .ToHashSet();
        var accounts = (await staff.FindAsync(clinic.ClinicId, accountIds, cancellationToken)).ToDictionary(member => member.UserId);
        return new PatientHistoryView(entries.Select(entry => ToEntry(entry, accounts)).ToList());
    }

    private static HistoryEntry ToEntry(FoldedAuditEntry entry, Dictionary<Guid, ClinicStaffMember> accounts)
    {
        var details = entry.Details;
        var isObject = details.ValueKind == JsonValueKind.Object;
        var action = PatientHistoryActions.Of(entry.Action);
        IReadOnlyList<string>? changes = isObject && details.TryGetProperty("changes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString()!).ToList()
            : null;
        var access = action == PatientHistoryAction.PortalAccessChanged
            ? new AccessChange(details.GetProperty("from").GetBoolean(), details.GetProperty("to").GetBoolean())
            : null;
        var contactKind = isObject && (details.TryGetProperty("kind", out var kind) || details.TryGetProperty("contactKind", out kind))
            && kind.ValueKind == JsonValueKind.String
                ? kind.GetString()
                : null;

        // A patient is logged by kind only, never by name: the patient of a chart's trail is the chart's own.
        string? actor = null;
        string? role = null;
        if (entry.ActorKind is ActorKind.Staff or ActorKind.Operator)
        {
            var account = entry.ActorId is { } id && accounts.TryGetValue(id, out var found) ? found : null;
            actor = account?.DisplayName ?? entry.ActorLabel;
            role = account?.Role;
        }

        var from = PatientHistoryActions.WithAddress.Contains(action) ? entry.ClientAddress : null;
        return new HistoryEntry(
            entry.OccurredAt, entry.FirstOccurredAt, entry.Count, entry.ActorKind.ToString().ToLowerInvariant(), actor, role, action,
            changes, access, contactKind, from);
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
            .WithSummary("The chart's history, newest first: who viewed or changed it, when, and for sign-in steps from where.")
            .WithDescription(
                "Read from the audit log, which is left as it is. Repeated views (the chart, its documents, its messages, the portal's "
                + "home page) by the same person, one after another, are folded into one row per hour with their count and first time; "
                + "limit counts these rows, so a page holds as many rows as it says. Staff are named with their current name and role.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
