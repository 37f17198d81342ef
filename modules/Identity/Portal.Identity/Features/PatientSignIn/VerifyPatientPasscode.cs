using System.Globalization;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Patients;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Identity.Features.PatientSignIn;

[ValidatedAs(typeof(VerifyPatientPasscodeCommand))]
internal sealed record VerifyPasscodeBody(string AttemptId, string Passcode, bool StayLoggedIn);

internal sealed record PatientSignedIn(string DisplayName, string Language) : IPatientSessionIssued
{
    /// <summary>The cookie to set; never in the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SessionToken { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? CookieExpires { get; init; }
}

/// <summary>LOGIN on the sign-in page: the passcode of an attempt, once (P2, P3), within its life (P6) and its tries (P4).</summary>
/// <param name="PreviousSessionToken">The patient session cookie the browser still had, if any: it ends, replaced by the new one (C2).</param>
internal sealed record VerifyPatientPasscodeCommand(
    string AttemptId, string Passcode, bool StayLoggedIn, string? ClientAddress, string? UserAgent, string? PreviousSessionToken = null)
    : IRequest<Result<PatientSignedIn>>;

internal sealed class VerifyPatientPasscodeValidator : AbstractValidator<VerifyPatientPasscodeCommand>
{
    public VerifyPatientPasscodeValidator()
    {
        RuleFor(x => x.AttemptId).NotEmpty().MaximumLength(100);
        this.Passcode(x => x.Passcode);
    }
}

internal sealed class VerifyPatientPasscodeHandler(
    IDbSession db,
    ClinicContext clinic,
    PatientSignInAttempts attempts,
    PasscodeHasher hasher,
    Staff.SignInThrottle throttle,
    PatientSignInCompletion completion,
    IPatientDirectory patients,
    IPortalSettings settings,
    IAuditLog audit,
    TimeProvider clock) : IRequestHandler<VerifyPatientPasscodeCommand, Result<PatientSignedIn>>
{
    private static readonly Error Invalid = Error.Validation("passcode_invalid", "The passcode is wrong or has expired. Ask for a new one if you need to.");

    public async Task<Result<PatientSignedIn>> Handle(VerifyPatientPasscodeCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BeginTransactionAsync(cancellationToken);
        var attempt = await attempts.FindForUpdateAsync(SecureTokens.Hash(request.AttemptId), cancellationToken);
        // An attempt started at another clinic's address does not exist here (A2).
        if (attempt is null || attempt.ClinicId != clinic.ClinicId)
        {
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        var throttleKey = SignInRules.ThrottleKey(attempt.IdentifierKey);
        if (await throttle.LockedForAsync(throttleKey, now, cancellationToken) is { } lockedFor)
        {
            await RefuseAsync(attempt, "locked", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Locked(lockedFor);
        }

        if (attempt.EndedAt is not null || now >= attempt.ExpiresAt || attempt.WrongAttempts >= SignInRules.WrongAttemptsAllowed)
        {
            await attempts.EndAsync(attempt.Id, "expired", now, cancellationToken);
            await RefuseAsync(attempt, attempt.EndedAt is null ? "expired" : "ended", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        if (!await hasher.MatchesAsync(attempt.Id, request.Passcode, attempt.PasscodeHash, cancellationToken) || attempt.PatientId is null)
        {
            await attempts.RecordWrongAsync(attempt.Id, now, cancellationToken);
            var lockFor = await throttle.RecordFailureAsync(throttleKey, now, cancellationToken);
            await RefuseAsync(attempt, "wrong_passcode", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return lockFor is { } delay ? Locked(delay) : Invalid;
        }

        // Access could have been switched off, or the portal closed, since the passcode was sent.
        var patientId = attempt.PatientId.Value;
        var details = await patients.GetContactDetailsAsync(clinic.ClinicId, patientId, cancellationToken);
        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        if (details is not { Active: true, PortalAccess: true } || portal is not { PortalEnabled: true })
        {
            await attempts.EndAsync(attempt.Id, "used", now, cancellationToken);
            await RefuseAsync(attempt, "no_access", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        await attempts.EndAsync(attempt.Id, "used", now, cancellationToken);
        await throttle.ResetAsync(throttleKey, cancellationToken);
        var session = await completion.OpenAsync(
            clinic.ClinicId, patientId, request.StayLoggedIn, "passcode", now, request.ClientAddress, request.UserAgent, request.PreviousSessionToken,
            cancellationToken);
        await db.CommitAsync(cancellationToken);
        return new PatientSignedIn(details.DisplayName, details.Language)
        {
            SessionToken = session.Token,
            CookieExpires = session.CookieExpires,
        };
    }

    private Task RefuseAsync(SignInAttempt attempt, string reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEvent("identity.patient.passcode_refused", attempt.ClinicId, attempt.PatientId is null ? null : "patient", attempt.PatientId?.ToString(), new { reason }),
            cancellationToken);

    private static Error Locked(TimeSpan delay) => Error.TooManyRequests(
        "sign_in_locked",
        string.Create(CultureInfo.InvariantCulture, $"Too many wrong passcodes. Try again in {Math.Ceiling(delay.TotalMinutes)} minute(s)."),
        delay);
}

internal sealed class VerifyPatientPasscodeEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/sign-in")
            .MapPost("/verify", async Task<Results<Ok<PatientSignedIn>, ErrorHttpResult>> (
                VerifyPasscodeBody body, IMediator mediator, IActorContext actor, HttpContext context) =>
            {
                var result = await mediator.Send(
                    new VerifyPatientPasscodeCommand(
                        body.AttemptId, body.Passcode, body.StayLoggedIn, actor.ClientAddress, context.Request.Headers.UserAgent.ToString(),
                        PatientSessionCookie.Read(context.Request)),
                    context.RequestAborted);
                return result.ToHttp(signedIn => PatientSignInEndpoints.SignedIn(context.Response, signedIn));
            })
            .AsPatientSignInStep()
            .WithName("VerifyPatientPasscode")
            .WithSummary("Signs the patient in with the passcode of a sign-in attempt; sets the patient session cookie.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
