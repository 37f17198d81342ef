using System.Globalization;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Patients;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Features.PatientSignIn;

[ValidatedAs(typeof(StartPatientSignInCommand))]
internal sealed record StartPatientSignInBody(string IdType, string IdNumber, string ContactKind, string Contact);

/// <summary>What "Next" answers, the same whether or not the details matched anyone (P7).</summary>
internal sealed record SignInStarted(string AttemptId, int ExpiresInMinutes, string ContactKind);

/// <summary>
/// "Next" on the sign-in page (I1): records an attempt and, when the identifier and contact point
/// belong to an active patient with portal access at a clinic whose portal is on, sends a passcode to
/// that contact point. Not an <c>ICommand</c>: it commits its attempt even when nothing matched.
/// </summary>
internal sealed record StartPatientSignInCommand(string IdType, string IdNumber, string ContactKind, string Contact, string? ClientAddress)
    : IRequest<Result<SignInStarted>>;

internal sealed class StartPatientSignInValidator : AbstractValidator<StartPatientSignInCommand>
{
    public StartPatientSignInValidator()
    {
        RuleFor(x => x.IdType).NotEmpty().MaximumLength(16);
        RuleFor(x => x.IdNumber).NotEmpty().MaximumLength(40);
        this.ContactPoint(x => x.ContactKind, x => x.Contact);
    }
}

internal sealed class StartPatientSignInHandler(
    IDbSession db,
    ClinicContext clinic,
    IPatientDirectory patients,
    IPortalSettings settings,
    PatientSignInAttempts attempts,
    PasscodeHasher hasher,
    Staff.SignInThrottle throttle,
    INotificationOutbox outbox,
    IAuditLog audit,
    TimeProvider clock) : IRequestHandler<StartPatientSignInCommand, Result<SignInStarted>>
{
    public async Task<Result<SignInStarted>> Handle(StartPatientSignInCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clinicId = clinic.ClinicId;
        var portal = await settings.GetAsync(clinicId, cancellationToken);
        // The clinic's passcode timeout (S8, an hour at least) is for notification links; sign-in passcodes are shorter.
        var lifetime = SignInRules.SignInPasscodeLifetime;
        var contact = request.ContactKind == "email"
            ? EmailAddresses.Normalize(request.Contact)
            : PhoneNumbers.TryNormalize(request.Contact, out var e164) ? e164 : request.Contact;
        var identifierKey = SignInRules.IdentifierKey(clinicId, request.IdType, request.IdNumber);
        var contactKey = SignInRules.ContactKey(clinicId, contact);

        await db.BeginTransactionAsync(cancellationToken);
        // Every check below depends only on what was typed, never on whether it matched (P7).
        var wait = await throttle.LockedForAsync(SignInRules.ThrottleKey(identifierKey), now, cancellationToken)
            ?? await attempts.SendWaitAsync(identifierKey, contactKey, now, cancellationToken);
        if (wait is { } retryAfter)
        {
            await db.CommitAsync(cancellationToken);
            return Error.TooManyRequests(
                "too_many_requests",
                string.Create(CultureInfo.InvariantCulture, $"Too many passcodes asked for. Try again in {Math.Ceiling(retryAfter.TotalMinutes)} minute(s)."),
                retryAfter);
        }

        // The lookup runs whatever the portal's state, so that a closed portal takes as long as a mismatch.
        var candidate = await patients.FindForSignInAsync(clinicId, request.IdType, request.IdNumber, request.Contact, cancellationToken);
        var matched = candidate is { Active: true, PortalAccess: true } && portal is { PortalEnabled: true } ? candidate : null;

        var attemptId = Guid.CreateVersion7(now);
        var token = SecureTokens.Create();
        var passcode = PasscodeHasher.NewPasscode();
        await attempts.InsertAsync(
            attemptId, SecureTokens.Hash(token), clinicId, matched?.PatientId, identifierKey, contactKey, request.ContactKind,
            await hasher.HashAsync(attemptId, passcode, cancellationToken), now, now + lifetime, request.ClientAddress, cancellationToken);
        if (matched is not null)
        {
            var details = await patients.GetContactDetailsAsync(clinicId, matched.PatientId, cancellationToken);
            await PasscodeMessages.EnqueueAsync(
                outbox,
                clinic.Clinic,
                new PasscodeRecipient(matched.MatchedContact.Kind == ContactKind.Email, matched.MatchedContact.Value),
                details?.Language ?? clinic.Clinic.DefaultLanguage,
                passcode,
                lifetime,
                $"patient-passcode:{attemptId}",
                cancellationToken);
        }

        await audit.RecordAsync(
            new AuditEvent(
                "identity.patient.passcode_requested", clinicId, matched is null ? null : "patient", matched?.PatientId.ToString(),
                new { matched = matched is not null, contactKind = request.ContactKind }),
            cancellationToken);
        await db.CommitAsync(cancellationToken);
        return new SignInStarted(token, (int)lifetime.TotalMinutes, request.ContactKind);
    }
}

internal sealed class StartPatientSignInEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/sign-in")
            .MapPost("/", async Task<Results<Accepted<SignInStarted>, ErrorHttpResult>> (
                StartPatientSignInBody body, IMediator mediator, IActorContext actor, CancellationToken cancellationToken) =>
                (await mediator.Send(
                    new StartPatientSignInCommand(body.IdType, body.IdNumber, body.ContactKind, body.Contact, actor.ClientAddress), cancellationToken))
                .ToHttp(started => TypedResults.Accepted((string?)null, started)))
            .AsPatientSignInStep()
            .WithName("StartPatientSignIn")
            .WithSummary("Sends a one-time passcode if the identifier and contact point belong to a patient; answers the same either way.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
