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

namespace Portal.Identity.Features.PatientLinks;

/// <summary>LOGIN on the link page: the quick passcode, or an ID type and number, per S10; always the date of birth.</summary>
[ValidatedAs(typeof(VerifyPatientLinkCommand))]
internal sealed record VerifyPatientLinkBody(
    string Token, string? Passcode, string? IdType, string? IdNumber, DateOnly DateOfBirth, bool StayLoggedIn);

/// <param name="Target">Where the web app goes now, inside the clinic's portal (e.g. <c>messages/{id}</c>).</param>
internal sealed record PatientLinkSignedIn(string DisplayName, string Language, string Target) : IPatientSessionIssued
{
    /// <summary>The cookie to set; never in the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SessionToken { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? CookieExpires { get; init; }
}

/// <summary>
/// Signs a patient in from a notification link (I2, P10). Not an <c>ICommand</c>: a refusal commits too,
/// since it counts a wrong try on the link and a failure against the patient (P4, P5).
/// </summary>
internal sealed record VerifyPatientLinkCommand(
    string Token, string? Passcode, string? IdType, string? IdNumber, DateOnly DateOfBirth, bool StayLoggedIn, string? ClientAddress,
    string? UserAgent, string? PreviousSessionToken = null) : IRequest<Result<PatientLinkSignedIn>>;

internal sealed class VerifyPatientLinkValidator : AbstractValidator<VerifyPatientLinkCommand>
{
    public VerifyPatientLinkValidator()
    {
        RuleFor(x => x.Token).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Passcode!).Length(PasscodeHasher.Digits).Must(p => p.All(char.IsAsciiDigit))
            .WithMessage("A passcode is 6 digits.").WithErrorCode("invalid").When(x => x.Passcode is not null);
        RuleFor(x => x.IdType).MaximumLength(16);
        RuleFor(x => x.IdNumber).MaximumLength(40);
    }
}

internal sealed class VerifyPatientLinkHandler(
    IDbSession db,
    ClinicContext clinic,
    PatientLinkStore links,
    PasscodeHasher hasher,
    Staff.SignInThrottle throttle,
    PatientSignInCompletion completion,
    IPatientDirectory patients,
    IPortalSettings settings,
    IAuditLog audit,
    TimeProvider clock) : IRequestHandler<VerifyPatientLinkCommand, Result<PatientLinkSignedIn>>
{
    public async Task<Result<PatientLinkSignedIn>> Handle(VerifyPatientLinkCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        var byIdentifier = portal?.NotificationSignIn == NotificationSignInMethod.IdentifierAndBirthDate;
        if (byIdentifier && (string.IsNullOrWhiteSpace(request.IdType) || string.IsNullOrWhiteSpace(request.IdNumber)))
        {
            return Error.Field("idNumber", "required", "Enter your ID type and number.");
        }

        if (!byIdentifier && request.Passcode is null)
        {
            return Error.Field("passcode", "required", "Enter the passcode from your email or text message.");
        }

        await db.BeginTransactionAsync(cancellationToken);
        var link = await links.FindAsync(clinic.ClinicId, SecureTokens.Hash(request.Token), clock.GetUtcNow(), forUpdate: true, cancellationToken);
        if (link is null)
        {
            await db.CommitAsync(cancellationToken);
            return PatientLinkErrors.NotFound;
        }

        var throttleKey = PatientLinkRules.ThrottleKey(link.ClinicId, link.PatientId);
        if (await throttle.LockedForAsync(throttleKey, now, cancellationToken) is { } lockedFor)
        {
            await RefuseAsync(link, "locked", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Locked(lockedFor);
        }

        // Expiry is decided here, against the clock, whether or not the cleanup job ran (P6).
        if (link.StateAt(now) != "usable")
        {
            await links.EndAsync(link.Id, "expired", now, cancellationToken);
            await RefuseAsync(link, link.EndedAt is null ? "expired" : "ended", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return PatientLinkErrors.Unusable;
        }

        var details = await patients.GetContactDetailsAsync(clinic.ClinicId, link.PatientId, cancellationToken);
        // Both checks always run, so a wrong date of birth and a wrong passcode or ID take the same path.
        var secretMatches = byIdentifier
            ? await HasIdentifierAsync(link.PatientId, details, request.IdType!, request.IdNumber!, cancellationToken)
            : await hasher.MatchesAsync(link.PasscodeId, request.Passcode!, link.PasscodeHash, cancellationToken);
        var birthDateMatches = await patients.HasBirthDateAsync(clinic.ClinicId, link.PatientId, request.DateOfBirth, cancellationToken);
        if (!secretMatches || !birthDateMatches)
        {
            await links.RecordWrongAsync(link.Id, now, cancellationToken);
            var lockFor = await throttle.RecordFailureAsync(throttleKey, now, cancellationToken);
            await RefuseAsync(link, byIdentifier ? "wrong_details_identifier" : "wrong_details_passcode", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return lockFor is { } delay ? Locked(delay) : PatientLinkErrors.DetailsInvalid;
        }

        // Access could have been switched off, or the portal closed, since the link was sent.
        if (details is not { Active: true, PortalAccess: true } || portal is not { PortalEnabled: true })
        {
            await RefuseAsync(link, "no_access", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return PatientLinkErrors.DetailsInvalid;
        }

        await links.EndAsync(link.Id, "used", now, cancellationToken);
        await throttle.ResetAsync(throttleKey, cancellationToken);
        var session = await completion.OpenAsync(
            clinic.ClinicId, link.PatientId, request.StayLoggedIn, byIdentifier ? "link_identifier" : "link_passcode", now, request.ClientAddress,
            request.UserAgent, request.PreviousSessionToken, cancellationToken);
        await db.CommitAsync(cancellationToken);
        return new PatientLinkSignedIn(details.DisplayName, details.Language, link.Target)
        {
            SessionToken = session.Token,
            CookieExpires = session.CookieExpires,
        };
    }

    /// <summary>Whether the ID is one of the patient's, by the sign-in page's rules (health cards, and the clinic's searchable types under S6).</summary>
    private async Task<bool> HasIdentifierAsync(Guid patientId, PatientContactDetails? details, string idType, string idNumber, CancellationToken cancellationToken)
    {
        if ((details?.Email ?? details?.Mobile) is not { } contact)
        {
            return false;
        }

        var candidate = await patients.FindForSignInAsync(clinic.ClinicId, idType, idNumber, contact, cancellationToken);
        return candidate?.PatientId == patientId;
    }

    private Task RefuseAsync(PatientLink link, string reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEvent("identity.patient.link_refused", link.ClinicId, "patient", link.PatientId.ToString(), new { reason, linkId = link.Id }),
            cancellationToken);

    private static Error Locked(TimeSpan delay) => Error.TooManyRequests(
        "sign_in_locked",
        string.Create(CultureInfo.InvariantCulture, $"Too many wrong tries. Try again in {Math.Ceiling(delay.TotalMinutes)} minute(s)."),
        delay);
}

internal sealed class VerifyPatientLinkEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/links")
            .MapPost("/verify", async Task<Results<Ok<PatientLinkSignedIn>, ErrorHttpResult>> (
                VerifyPatientLinkBody body, IMediator mediator, IActorContext actor, HttpContext context) =>
            {
                var result = await mediator.Send(
                    new VerifyPatientLinkCommand(
                        body.Token, body.Passcode, body.IdType, body.IdNumber, body.DateOfBirth, body.StayLoggedIn, actor.ClientAddress,
                        context.Request.Headers.UserAgent.ToString(), PatientSessionCookie.Read(context.Request)),
                    context.RequestAborted);
                return result.ToHttp(signedIn => PatientSignInEndpoints.SignedIn(context.Response, signedIn));
            })
            .AsPatientSignInStep()
            .WithName("VerifyPatientLink")
            .WithSummary("Signs the patient in from a notification link with the quick passcode or an ID, and the date of birth; sets the patient session cookie.")
            .WithDescription("Anyone holding the link may call it. Per the clinic's S10 setting it needs passcode and dateOfBirth, or idType, idNumber and dateOfBirth. Answers which place of the portal to open.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
