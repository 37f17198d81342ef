using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Contracts;
using Portal.Registration.Features.SelfRegistration;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Registration.Features.RegistrationReview;

/// <summary>A review's outcome: the registration's new status and the chart the person now has.</summary>
internal sealed record RegistrationReviewed(Guid Id, string Status, Guid PatientId);

internal sealed record MergeRegistrationBody(Guid PatientId);

internal sealed record RejectRegistrationBody(string Reason);

/// <summary>Accept: the chart made for the registration becomes active, and the person may sign in.</summary>
internal sealed record AcceptRegistrationCommand(Guid RegistrationId) : ICommand<RegistrationReviewed>;

/// <summary>
/// Accept and merge (A6: only staff merge): the person is a patient the clinic already has. The registration's
/// proven contact point and the identifiers the chart lacks move to that chart; the registration's own chart stays inactive.
/// </summary>
internal sealed record MergeRegistrationCommand(Guid RegistrationId, Guid PatientId) : ICommand<RegistrationReviewed>;

/// <summary>Reject, with a reason kept for the clinic: the chart stays inactive and the person is told to call.</summary>
internal sealed record RejectRegistrationCommand(Guid RegistrationId, string Reason) : ICommand<RegistrationReviewed>;

internal sealed class RejectRegistrationValidator : AbstractValidator<RejectRegistrationCommand>
{
    public RejectRegistrationValidator() =>
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Give a reason.").WithErrorCode("required")
            .MaximumLength(500).WithErrorCode("too_long");
}

/// <summary>What the three decisions share: the registration, locked, still waiting for review.</summary>
internal sealed class PendingReviews(IDbSession db, IActorContext actor, SelfRegistrationNotices notices, ClinicContext clinic)
{
    public static readonly Error NotFound = Error.NotFound("registration_not_found", "This clinic has no such registration.");
    public static readonly Error AlreadyReviewed = Error.Conflict("registration_reviewed", "Someone already reviewed this registration. Reload the queue.");

    public async Task<Result<ReviewRow>> LockAsync(Guid registrationId, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<ReviewRow>(
            """
            select id, status, patient_id, contact_kind from registration.self_registrations
            where clinic_id = @clinicId and id = @registrationId and patient_id is not null
            for update
            """,
            new { clinicId = clinic.ClinicId, registrationId },
            cancellationToken);
        return row is null ? NotFound : row.Status != ReviewStatuses.Pending ? AlreadyReviewed : row;
    }

    public Task DecideAsync(Guid registrationId, string status, Guid? mergedInto, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update registration.self_registrations
            set status = @status, merged_into_patient_id = @mergedInto, reject_reason = @reason, reviewed_at = @now, reviewed_by = @actorId
            where id = @registrationId
            """,
            new { registrationId, status, mergedInto, reason, now, actorId = actor.Actor.Id },
            cancellationToken);

    /// <summary>Tells the person by the channel they chose on the form, which is the registration chart's.</summary>
    public Task TellAsync(ReviewRow row, string template, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string> { ["clinic"] = clinic.Clinic.Name };
        if (template == SelfRegistrationTemplates.Accepted)
        {
            data["link"] = notices.SignInLink(clinic.Clinic);
        }

        return notices.ToPatientAsync(clinic.Clinic, row.PatientId, template, data, $"self-registration-outcome:{row.Id}", cancellationToken);
    }

    internal sealed record ReviewRow(Guid Id, string Status, Guid PatientId, string ContactKind);
}

internal sealed class AcceptRegistrationHandler(IDbSession db, ClinicContext clinic, IActorContext actor, PendingReviews reviews, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<AcceptRegistrationCommand, Result<RegistrationReviewed>>
{
    private static readonly string[] ActiveChanged = ["active"];

    public async Task<Result<RegistrationReviewed>> Handle(AcceptRegistrationCommand request, CancellationToken cancellationToken)
    {
        var locked = await reviews.LockAsync(request.RegistrationId, cancellationToken);
        if (!locked.IsSuccess)
        {
            return locked.Error!;
        }

        var row = locked.Value!;
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            update registration.patients set active = true, version = version + 1, updated_at = @now, updated_by = @actorId
            where clinic_id = @clinicId and id = @patientId
            """,
            new { now, actorId = actor.Actor.Id, clinicId = clinic.ClinicId, patientId = row.PatientId },
            cancellationToken);
        await reviews.DecideAsync(row.Id, "accepted", null, null, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.Accepted, clinic.ClinicId, SelfRegistrationAudit.TargetType, row.Id.ToString(), new { patientId = row.PatientId }),
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Updated, clinic.ClinicId, PatientAudit.TargetType, row.PatientId.ToString(), new { changes = ActiveChanged }),
            cancellationToken);
        await reviews.TellAsync(row, SelfRegistrationTemplates.Accepted, cancellationToken);
        return new RegistrationReviewed(row.Id, "accepted", row.PatientId);
    }
}

internal sealed class MergeRegistrationHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, PendingReviews reviews, PatientStore store, IAuditLog audit, IIntegrationEvents events,
    TimeProvider clock) : IRequestHandler<MergeRegistrationCommand, Result<RegistrationReviewed>>
{
    private static readonly Error NoSuchChart = Error.Field("patientId", "merge_target_not_found", "Choose an active chart of this clinic, other than the registration's own.");

    public async Task<Result<RegistrationReviewed>> Handle(MergeRegistrationCommand request, CancellationToken cancellationToken)
    {
        var locked = await reviews.LockAsync(request.RegistrationId, cancellationToken);
        if (!locked.IsSuccess)
        {
            return locked.Error!;
        }

        var row = locked.Value!;
        var clinicId = clinic.ClinicId;
        var target = request.PatientId == row.PatientId ? null : await PatientCharts.LoadAsync(db, clinicId, request.PatientId, forUpdate: true, cancellationToken);
        var registered = await PatientCharts.LoadAsync(db, clinicId, row.PatientId, forUpdate: true, cancellationToken);
        if (target is not { Active: true } || registered is null)
        {
            return NoSuchChart;
        }

        var now = clock.GetUtcNow();
        var before = target.ToRecord();
        var fromForm = registered.ToRecord();
        var moved = fromForm.Identifiers.Where(i => before.Identifiers.All(t => t.Type != i.Type)).Take(PatientChoices.MaxIdentifiers - before.Identifiers.Count).ToList();
        var provenList = row.ContactKind == "email" ? fromForm.Emails : fromForm.Mobiles;
        var proven = provenList.Count > 0 ? provenList[0] : null;
        var after = before with { Identifiers = [.. before.Identifiers, .. moved] };
        if (proven is not null)
        {
            after = row.ContactKind == "email"
                ? after with { Emails = WithContact(before.Emails, proven) }
                : after with { Mobiles = WithContact(before.Mobiles, proven) };
        }

        // The identifiers leave the registration's chart first: one identifier belongs to one chart of the clinic.
        await store.UpdateAsync(clinicId, registered.Id, fromForm with { Identifiers = [.. fromForm.Identifiers.Except(moved)] }, actor.Actor, now, cancellationToken);
        await store.UpdateAsync(clinicId, target.Id, after, actor.Actor, now, cancellationToken);
        await reviews.DecideAsync(row.Id, "merged", target.Id, null, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.Merged, clinicId, SelfRegistrationAudit.TargetType, row.Id.ToString(),
                new { patientId = row.PatientId, mergedInto = target.Id }),
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Updated, clinicId, PatientAudit.TargetType, target.Id.ToString(), new { changes = PatientChanges.Between(before, after) }),
            cancellationToken);
        if (!before.Contacts.SequenceEqual(after.Contacts))
        {
            await events.PublishAsync(new PatientContactsChanged(clinicId, target.Id, before.Contacts, after.Contacts), cancellationToken);
        }

        await reviews.TellAsync(row, SelfRegistrationTemplates.Accepted, cancellationToken);
        return new RegistrationReviewed(row.Id, "merged", target.Id);
    }

    private static IReadOnlyList<string> WithContact(IReadOnlyList<string> list, string value) =>
        list.Contains(value, StringComparer.Ordinal) || list.Count >= PatientChoices.MaxContactsPerKind ? list : [.. list, value];
}

internal sealed class RejectRegistrationHandler(ClinicContext clinic, PendingReviews reviews, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<RejectRegistrationCommand, Result<RegistrationReviewed>>
{
    public async Task<Result<RegistrationReviewed>> Handle(RejectRegistrationCommand request, CancellationToken cancellationToken)
    {
        var locked = await reviews.LockAsync(request.RegistrationId, cancellationToken);
        if (!locked.IsSuccess)
        {
            return locked.Error!;
        }

        var row = locked.Value!;
        await reviews.DecideAsync(row.Id, "rejected", null, request.Reason.Trim(), clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.Rejected, clinic.ClinicId, SelfRegistrationAudit.TargetType, row.Id.ToString(),
                new { patientId = row.PatientId, reason = request.Reason.Trim() }),
            cancellationToken);
        await reviews.TellAsync(row, SelfRegistrationTemplates.Rejected, cancellationToken);
        return new RegistrationReviewed(row.Id, "rejected", row.PatientId);
    }
}

internal sealed class ReviewRegistrationEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapClinicGroup("/registrations");
        Staff(group.MapPost("/{id:guid}/accept", async Task<Results<Ok<RegistrationReviewed>, ErrorHttpResult>> (
                Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AcceptRegistrationCommand(id), cancellationToken)).ToHttp(TypedResults.Ok)))
            .WithName("AcceptSelfRegistration")
            .WithSummary("Accepts a self-registration: its chart becomes active and the person is told they may sign in.");
        Staff(group.MapPost("/{id:guid}/merge", async Task<Results<Ok<RegistrationReviewed>, ErrorHttpResult>> (
                Guid id, MergeRegistrationBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new MergeRegistrationCommand(id, body.PatientId), cancellationToken)).ToHttp(TypedResults.Ok)))
            .WithName("MergeSelfRegistration")
            .WithSummary("Accepts a self-registration into an existing active chart: its proven contact point and missing identifiers move there.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        Staff(group.MapPost("/{id:guid}/reject", async Task<Results<Ok<RegistrationReviewed>, ErrorHttpResult>> (
                Guid id, RejectRegistrationBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RejectRegistrationCommand(id, body.Reason), cancellationToken)).ToHttp(TypedResults.Ok)))
            .ValidatedAs<RejectRegistrationCommand>()
            .WithName("RejectSelfRegistration")
            .WithSummary("Rejects a self-registration with a reason kept for the clinic; the chart stays inactive and the person is told to call.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static RouteHandlerBuilder Staff(RouteHandlerBuilder builder) =>
        builder
            .RequireAuthorization(Policies.ClinicMember)
            .RequireRateLimiting(RateLimitPolicies.AccountChanges)
            .WithTags("Registration")
            .WithDescription("The clinic's owners, admins and staff; 409 when the registration was already reviewed.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
