using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Features.SelfRegistration;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Registration.Features.RegistrationReview;

/// <summary>An existing chart that may be the same person: same date of birth, and the same family name or a shared contact point.</summary>
internal sealed record PossibleMatch(Guid PatientId, string Name, DateOnly DateOfBirth, string? ChartNumber);

/// <summary>A self-registration as staff review it, with the chart made for it (inactive until accepted).</summary>
/// <param name="Status"><c>pending_review</c>, <c>accepted</c>, <c>merged</c> or <c>rejected</c>.</param>
/// <param name="ContactKind">The contact point the person proved: <c>email</c> or <c>mobile</c>.</param>
internal sealed record RegistrationQueueItem(
    Guid Id,
    string Status,
    DateTimeOffset SubmittedAt,
    string ContactKind,
    Guid PatientId,
    string LegalGivenName,
    string LegalFamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    IReadOnlyList<IdentifierFields> Identifiers,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Mobiles,
    Guid? MergedIntoPatientId,
    string? RejectReason,
    DateTimeOffset? ReviewedAt,
    IReadOnlyList<PossibleMatch> PossibleMatches);

internal sealed record RegistrationQueue(IReadOnlyList<RegistrationQueueItem> Items);

internal static class ReviewStatuses
{
    public const string Pending = "pending_review";
    public static readonly IReadOnlyList<string> Listable = [Pending, "accepted", "merged", "rejected"];
}

/// <summary>The review queue: the clinic's self-registrations in one status, newest first, at most 100. Audited (A5).</summary>
internal sealed record ListRegistrationsQuery(string Status) : IQuery<RegistrationQueue>;

internal sealed class ListRegistrationsValidator : AbstractValidator<ListRegistrationsQuery>
{
    public ListRegistrationsValidator() =>
        RuleFor(x => x.Status).Must(s => ReviewStatuses.Listable.Contains(s, StringComparer.Ordinal))
            .WithMessage($"Use one of: {string.Join(", ", ReviewStatuses.Listable)}.").WithErrorCode("invalid_choice");
}

internal sealed class ListRegistrationsHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<ListRegistrationsQuery, Result<RegistrationQueue>>
{
    public async Task<Result<RegistrationQueue>> Handle(ListRegistrationsQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var rows = await db.QueryAsync<QueueRow>(
            """
            select r.id, r.status, r.verified_at as submitted_at, r.contact_kind, r.patient_id, r.merged_into_patient_id, r.reject_reason, r.reviewed_at
            from registration.self_registrations r
            where r.clinic_id = @clinicId and r.status = @status
            order by r.verified_at desc
            limit 100
            """,
            new { clinicId, status = request.Status },
            cancellationToken);
        var items = new List<RegistrationQueueItem>(rows.Count);
        foreach (var row in rows)
        {
            var chart = await PatientCharts.LoadAsync(db, clinicId, row.PatientId, forUpdate: false, cancellationToken);
            if (chart is null)
            {
                continue;
            }

            var matches = row.Status == ReviewStatuses.Pending ? await PossibleMatchesAsync(clinicId, chart, cancellationToken) : [];
            items.Add(new RegistrationQueueItem(
                row.Id, row.Status, row.SubmittedAt, row.ContactKind, chart.Id, chart.LegalGivenName, chart.LegalFamilyName, chart.PreferredName,
                chart.DateOfBirth, chart.Identifiers, chart.Emails, chart.Mobiles, row.MergedIntoPatientId, row.RejectReason, row.ReviewedAt, matches));
        }

        await audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.Listed, clinicId, null, null, new { status = request.Status, count = items.Count }),
            cancellationToken);
        return new RegistrationQueue(items);
    }

    private Task<IReadOnlyList<PossibleMatch>> PossibleMatchesAsync(Guid clinicId, PatientChart chart, CancellationToken cancellationToken) =>
        db.QueryAsync<PossibleMatch>(
            """
            select p.id as patient_id, concat_ws(' ', p.legal_given_name, p.legal_family_name) as name, p.date_of_birth, p.chart_number
            from registration.patients p
            where p.clinic_id = @clinicId and p.id <> @patientId and p.active and p.date_of_birth = @dateOfBirth
              and (p.sort_key like @familyPrefix
                   or exists (select 1 from registration.patient_contacts c where c.patient_id = p.id and c.value = any(@contacts)))
            order by p.sort_key, p.id
            limit 5
            """,
            new
            {
                clinicId,
                patientId = chart.Id,
                dateOfBirth = chart.DateOfBirth,
                familyPrefix = PatientNames.Fold(chart.LegalFamilyName) + " %",
                contacts = chart.Emails.Concat(chart.Mobiles).ToArray(),
            },
            cancellationToken);

    private sealed record QueueRow(
        Guid Id, string Status, DateTimeOffset SubmittedAt, string ContactKind, Guid PatientId, Guid? MergedIntoPatientId, string? RejectReason,
        DateTimeOffset? ReviewedAt);
}

internal sealed class ListRegistrationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/registrations")
            .MapGet("/", async Task<Results<Ok<RegistrationQueue>, ErrorHttpResult>> (string? status, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListRegistrationsQuery(status ?? ReviewStatuses.Pending), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .ValidatedAs<ListRegistrationsQuery>()
            .WithTags("Registration")
            .RequireRateLimiting(RateLimitPolicies.AccountReads)
            .WithName("ListSelfRegistrations")
            .WithSummary("The self-registration review queue: registrations in one status (pending_review by default), newest first, with possible existing charts.")
            .WithDescription("The clinic's owners, admins and staff.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
