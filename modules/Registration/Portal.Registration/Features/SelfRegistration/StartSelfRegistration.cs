using System.Globalization;
using Carter;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.SelfRegistration;

/// <summary>
/// The registration form. It has no field for a patient id, a chart number, a clinic, activity or portal
/// access (A3): the clinic is the address's, and the rest is decided by the clinic.
/// </summary>
/// <param name="Identifier">A health card (type is a province code) or one of the clinic's sign-in ID types.</param>
/// <param name="ProveWith"><c>email</c> or <c>mobile</c>: where the passcode goes, which must be one given here.</param>
/// <param name="ConsentGiven">The person agrees to the clinic's consent text; required.</param>
[ValidatedAs(typeof(StartSelfRegistrationCommand))]
internal sealed record StartSelfRegistrationBody(
    string LegalGivenName,
    string LegalFamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string Sex,
    string? Gender,
    IdentifierFields Identifier,
    AddressFields? Address,
    string? Email,
    string? Mobile,
    string PreferredContactMethod,
    string PreferredLanguage,
    string ProveWith,
    bool ConsentGiven);

/// <summary>What sending the form answers: the same for everyone, whatever the identifier (A6).</summary>
/// <param name="RegistrationId">The secret the passcode is checked against; the page keeps it until then.</param>
internal sealed record SelfRegistrationStarted(string RegistrationId, int ExpiresInMinutes, string ContactKind);

/// <summary>Step 1: keeps what was entered, unproven, and sends a passcode to the contact point to prove. Creates no chart.</summary>
internal sealed record StartSelfRegistrationCommand(
    string LegalGivenName,
    string LegalFamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string Sex,
    string? Gender,
    IdentifierFields Identifier,
    AddressFields? Address,
    string? Email,
    string? Mobile,
    string PreferredContactMethod,
    string PreferredLanguage,
    string ProveWith,
    bool ConsentGiven,
    string? ClientAddress) : ICommand<SelfRegistrationStarted>
{
    public RegistrantFields ToFields() => new()
    {
        LegalGivenName = LegalGivenName,
        LegalFamilyName = LegalFamilyName,
        PreferredName = PreferredName,
        DateOfBirth = DateOfBirth,
        Sex = Sex,
        Gender = Gender,
        Address = Address,
        Emails = string.IsNullOrWhiteSpace(Email) ? [] : [Email],
        Mobiles = string.IsNullOrWhiteSpace(Mobile) ? [] : [Mobile],
        PreferredContactMethod = PreferredContactMethod,
        PreferredLanguage = PreferredLanguage,
        Identifiers = Identifier is null ? [] : [Identifier],
    };
}

/// <summary>A registrant's details as the registry's rules see them: never active until staff accept them.</summary>
internal sealed record RegistrantFields : PatientFields
{
    public override bool IsActive => false;
}

internal sealed class StartSelfRegistrationValidator : AbstractValidator<StartSelfRegistrationCommand>
{
    public StartSelfRegistrationValidator(TimeProvider clock)
    {
        RuleFor(x => x.Identifier).NotNull().WithErrorCode("required");
        RuleFor(x => x.ProveWith).Must(p => p is "email" or "mobile").WithMessage("Choose email or mobile.").WithErrorCode("invalid_choice");
        RuleFor(x => x.Email).NotEmpty().When(x => x.ProveWith == "email").WithMessage("Enter the email address to send the passcode to.").WithErrorCode("required");
        RuleFor(x => x.Mobile).NotEmpty().When(x => x.ProveWith == "mobile").WithMessage("Enter the mobile number to send the passcode to.").WithErrorCode("required");
        RuleFor(x => x.ConsentGiven).Equal(true).WithMessage("Agree to the clinic's consent to register.").WithErrorCode("consent_required");
        RuleFor(x => x).Custom((command, context) =>
        {
            if (command.Identifier is null)
            {
                return;
            }

            // A day of slack: "today" differs across the clinic's and the server's time zones.
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1));
            foreach (var problem in PatientRules.Check(command.ToFields(), today))
            {
                context.AddFailure(new ValidationFailure(FormField(problem.Field), problem.Message) { ErrorCode = problem.Code });
            }
        });
    }

    /// <summary>The registry's field names as this form names them: one identifier, one email, one mobile.</summary>
    private static string FormField(string field) =>
        field.StartsWith("identifiers[0]", StringComparison.Ordinal) ? "identifier" + field["identifiers[0]".Length..]
        : field.StartsWith("emails", StringComparison.Ordinal) ? "email"
        : field.StartsWith("mobiles", StringComparison.Ordinal) ? "mobile"
        : field;
}

internal sealed class StartSelfRegistrationHandler(
    ClinicContext clinic,
    IPatientDirectory directory,
    IContactPasscodes passcodes,
    SelfRegistrationStore registrations,
    INotificationOutbox outbox,
    IAuditLog audit,
    TimeProvider clock) : IRequestHandler<StartSelfRegistrationCommand, Result<SelfRegistrationStarted>>
{
    public async Task<Result<SelfRegistrationStarted>> Handle(StartSelfRegistrationCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clinicId = clinic.ClinicId;
        var record = PatientRecord.From(request.ToFields());
        var identifier = record.Identifiers[0];
        var offered = await directory.GetSignInIdTypesAsync(clinicId, cancellationToken);
        if (!offered.Any(t => t.Code == identifier.Type))
        {
            return Error.Field("identifier.type", "unknown_id_type", "This clinic has no such ID type.");
        }

        var isEmail = request.ProveWith == "email";
        var contact = isEmail ? record.Emails[0] : record.Mobiles[0];
        var contactKey = passcodes.ContactKey(clinicId, contact);
        await registrations.ForgetExpiredAsync(clinicId, now, cancellationToken);
        if (await registrations.SendWaitAsync(contactKey, passcodes.SendsPerWindow, passcodes.SendWindow, now, cancellationToken) is { } wait)
        {
            return Error.TooManyRequests(
                "too_many_requests",
                string.Create(CultureInfo.InvariantCulture, $"Too many passcodes asked for. Try again in {Math.Ceiling(wait.TotalMinutes)} minute(s)."),
                wait);
        }

        var id = Guid.CreateVersion7(now);
        var token = SecureTokens.Create();
        var passcode = await passcodes.IssueAsync(id, cancellationToken);
        await registrations.InsertAsync(
            id, SecureTokens.Hash(token), clinicId, record, request.ProveWith, contactKey, passcode.Hash, now, now + passcodes.Lifetime,
            record.PreferredLanguage, request.ClientAddress, cancellationToken);
        await outbox.EnqueueAsync(
            new NotificationRequest(
                SelfRegistrationTemplates.Passcode,
                clinicId,
                isEmail ? NotificationChannels.Email : NotificationChannels.Sms,
                isEmail ? contact : null,
                isEmail ? null : contact,
                record.PreferredLanguage,
                new Dictionary<string, string>
                {
                    ["passcode"] = passcode.Passcode,
                    ["clinic"] = clinic.Clinic.Name,
                    ["minutes"] = ((int)passcodes.Lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture),
                },
                $"self-registration-passcode:{id}"),
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.Started, clinicId, SelfRegistrationAudit.TargetType, id.ToString(), new { contactKind = request.ProveWith }),
            cancellationToken);
        return new SelfRegistrationStarted(token, (int)passcodes.Lifetime.TotalMinutes, request.ProveWith);
    }
}

/// <summary>How the audit log names registrations and what happened to them (A5); never what was entered.</summary>
internal static class SelfRegistrationAudit
{
    public const string TargetType = "self_registration";
    public const string Started = "registration.self_registration.started";
    public const string PasscodeRefused = "registration.self_registration.passcode_refused";
    public const string Received = "registration.self_registration.received";
    public const string Settled = "registration.self_registration.settled";
    public const string Accepted = "registration.self_registration.accepted";
    public const string Merged = "registration.self_registration.merged";
    public const string Rejected = "registration.self_registration.rejected";
    public const string Listed = "registration.self_registrations.listed";
}

internal sealed class StartSelfRegistrationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/register")
            .MapPost("/", async Task<Results<Accepted<SelfRegistrationStarted>, ErrorHttpResult>> (
                StartSelfRegistrationBody body, IMediator mediator, IActorContext actor, CancellationToken cancellationToken) =>
                (await mediator.Send(
                    new StartSelfRegistrationCommand(
                        body.LegalGivenName, body.LegalFamilyName, body.PreferredName, body.DateOfBirth, body.Sex, body.Gender, body.Identifier,
                        body.Address, body.Email, body.Mobile, body.PreferredContactMethod, body.PreferredLanguage, body.ProveWith, body.ConsentGiven,
                        actor.ClientAddress),
                    cancellationToken))
                .ToHttp(started => TypedResults.Accepted((string?)null, started)))
            .AsSelfRegistrationStep()
            .WithName("StartSelfRegistration")
            .WithSummary("Self-registration, step 1: keeps the form and sends a passcode to the email address or mobile number to prove. Creates no chart.")
            .WithDescription("Anyone, while the clinic's portal and self-registration (S3) are on; 404 otherwise. Limited per client address and per contact point.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
