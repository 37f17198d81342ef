using Portal.Shared.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Carter;
using FluentValidation;
using FluentValidation.Results;
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

namespace Portal.Registration.Features.MyInformation;

/// <summary>
/// The signed-in patient's "Update" on My information: the fields a patient may change, all at once,
/// against the version the page was loaded at. Any other field in the body is refused (checklist A3).
/// </summary>
internal sealed record UpdateMyInformationCommand : ICommand<MyInformationView>
{
    public required int Version { get; init; }

    public string? PreferredName { get; init; }

    /// <summary>Gender identity in the patient's own words.</summary>
    public string? Gender { get; init; }

    public AddressFields? Address { get; init; }

    /// <summary><c>email</c>, <c>sms</c> or <c>both</c>.</summary>
    public required string PreferredContactMethod { get; init; }

    /// <summary><c>en</c> or <c>fr</c>.</summary>
    public required string PreferredLanguage { get; init; }

    /// <summary>Whatever else the body holds: only ever refused, never read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    /// <summary>
    /// From the session, never from the body: not public, so JSON neither reads nor names it, and a body
    /// naming a patient id lands in <see cref="Other"/> and is refused.
    /// </summary>
    internal Guid PatientId { get; init; }
}

internal static class MyInformationFields
{
    public const string ReadOnlyCode = "read_only";
    public const string ReadOnlyMessage = "Ask the clinic to change this.";

    /// <summary>What the chart holds that only the clinic changes; contact points change through their own passcode flow.</summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "legalGivenName", "legalFamilyName", "dateOfBirth", "sex", "identifiers", "chartNumber", "active", "portalAccess",
        "emails", "mobiles", "id", "patientId",
    };

    public static readonly IReadOnlyList<string> Editable = ["preferredName", "gender", "address", "preferredContactMethod", "preferredLanguage"];

    public static bool IsEditable(string field) =>
        Editable.Any(name => field == name || field.StartsWith(name + ".", StringComparison.Ordinal));
}

internal sealed class UpdateMyInformationValidator : AbstractValidator<UpdateMyInformationCommand>
{
    public UpdateMyInformationValidator()
    {
        RuleFor(x => x.Version).GreaterThan(0);
        RuleFor(x => x).Custom((command, context) =>
        {
            foreach (var name in command.Other?.Keys ?? Enumerable.Empty<string>())
            {
                context.AddFailure(MyInformationFields.ReadOnly.Contains(name)
                    ? new ValidationFailure(name, MyInformationFields.ReadOnlyMessage) { ErrorCode = MyInformationFields.ReadOnlyCode }
                    : new ValidationFailure(name, "My information has no such field.") { ErrorCode = "unknown_field" });
            }
        });
    }
}

internal sealed class UpdateMyInformationHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, PatientStore store, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<UpdateMyInformationCommand, Result<MyInformationView>>
{
    public async Task<Result<MyInformationView>> Handle(UpdateMyInformationCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var current = await PatientCharts.LoadAsync(db, clinicId, request.PatientId, forUpdate: true, cancellationToken);
        if (current is null)
        {
            return PatientErrors.NotFound;
        }

        if (current.Version != request.Version)
        {
            return Error.Conflict("patient_changed", "The clinic changed your information after you opened this page. Reload to see it.");
        }

        var before = current.ToRecord();
        var merged = new ChartWithPatientChanges(before)
        {
            ChartNumber = before.ChartNumber,
            LegalGivenName = before.LegalGivenName,
            LegalFamilyName = before.LegalFamilyName,
            PreferredName = request.PreferredName,
            DateOfBirth = before.DateOfBirth,
            Sex = before.Sex,
            Gender = request.Gender,
            Address = request.Address,
            Emails = before.Emails,
            Mobiles = before.Mobiles,
            PreferredContactMethod = request.PreferredContactMethod,
            PreferredLanguage = request.PreferredLanguage,
            Identifiers = before.Identifiers,
        };

        // A day of slack: "today" differs across the clinic's and the server's time zones.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1));
        var problems = PatientRules.Check(merged, today).Where(p => MyInformationFields.IsEditable(p.Field)).ToList();
        if (problems.Count > 0)
        {
            return PatientConflicts.FieldErrors(Error.Validation("validation_failed", "One or more fields are not valid."), problems);
        }

        var entered = PatientRecord.From(merged);
        var after = before with
        {
            PreferredName = entered.PreferredName,
            Gender = entered.Gender,
            Address = entered.Address,
            PreferredContactMethod = entered.PreferredContactMethod,
            PreferredLanguage = entered.PreferredLanguage,
        };
        var changes = PatientChanges.Between(before, after);
        if (changes.Count == 0)
        {
            return MyInformationView.From(current);
        }

        await store.UpdateAsync(clinicId, request.PatientId, after, actor.Actor, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.ChangedByPatient, clinicId, PatientAudit.TargetType, request.PatientId.ToString(), new { changes }),
            cancellationToken);
        return MyInformationView.From((await PatientCharts.LoadAsync(db, clinicId, request.PatientId, forUpdate: false, cancellationToken))!);
    }

    /// <summary>The chart as it would be with the patient's changes, for the same rules staff entry follows.</summary>
    private sealed record ChartWithPatientChanges(PatientRecord Before) : PatientFields
    {
        public override bool IsActive => Before.Active;
    }
}

internal sealed class UpdateMyInformationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal")
            .MapPut("/me/information", async Task<Results<Ok<MyInformationView>, ErrorHttpResult>> (
                    UpdateMyInformationCommand command, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command with { PatientId = actor.Actor.Id!.Value }, cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicPatient)
            .WithTags("Portal")
            .RequireRateLimiting(RateLimitPolicies.AccountChanges)
            .WithName("UpdateMyInformation")
            .WithSummary("Saves the signed-in patient's preferred name, gender, address, preferred contact method and language into their chart at once.")
            .WithDescription(
                "For the signed-in patient only, about themselves: the patient comes from the session, never from the body. "
                + "Legal name, date of birth, sex, health card and other IDs are the clinic's to change: a body naming them, or any other field, "
                + "is refused with 400 and changes nothing. Email addresses and mobile numbers change through /portal/me/contacts. "
                + "A version older than the chart's is 409. Every change is audited with the patient as actor.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
