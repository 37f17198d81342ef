using System.Globalization;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Notifications;
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
using Portal.Shared.Web;

namespace Portal.Identity.Features.PatientLinks;

[ValidatedAs(typeof(ResendPatientLinkPasscodeCommand))]
internal sealed record ResendPatientLinkPasscodeBody(string Token);

/// <summary>The answer to "Resend Quick Passcode", the same whether or not anything could be sent.</summary>
internal sealed record PatientLinkPasscodeResent(int ExpiresInMinutes);

/// <summary>
/// "Resend Quick Passcode" (I4, P10): a new passcode for the same link, to the patient's preferred channel on
/// record only, never to an address the caller gives; the previous one stops working. Limited per patient,
/// per contact point and per client address (P8).
/// </summary>
internal sealed record ResendPatientLinkPasscodeCommand(string Token, string? ClientAddress) : IRequest<Result<PatientLinkPasscodeResent>>;

internal sealed class ResendPatientLinkPasscodeValidator : AbstractValidator<ResendPatientLinkPasscodeCommand>
{
    public ResendPatientLinkPasscodeValidator()
    {
        RuleFor(x => x.Token).NotEmpty().MaximumLength(100);
    }
}

internal sealed class ResendPatientLinkPasscodeHandler(
    IDbSession db,
    ClinicContext clinic,
    PatientLinkStore links,
    PasscodeHasher hasher,
    IPatientDirectory patients,
    IPortalSettings settings,
    INotificationOutbox outbox,
    IAuditLog audit,
    TimeProvider clock) : IRequestHandler<ResendPatientLinkPasscodeCommand, Result<PatientLinkPasscodeResent>>
{
    public async Task<Result<PatientLinkPasscodeResent>> Handle(ResendPatientLinkPasscodeCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lifetime = await PatientLinkIssuer.PasscodeLifetimeAsync(settings, clinic.ClinicId, cancellationToken);
        await db.BeginTransactionAsync(cancellationToken);
        var link = await links.FindAsync(clinic.ClinicId, SecureTokens.Hash(request.Token), clock.GetUtcNow(), forUpdate: true, cancellationToken);
        if (link is null)
        {
            await db.RollbackAsync(cancellationToken);
            return PatientLinkErrors.NotFound;
        }

        var details = await patients.GetContactDetailsAsync(clinic.ClinicId, link.PatientId, cancellationToken);
        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        var recipient = PreferredChannel(details);
        var contactKey = SignInRules.ContactKey(clinic.ClinicId, recipient?.Email ?? recipient?.Phone ?? $"patient:{link.PatientId:N}");
        if (await links.ResendWaitAsync(link.PatientId, contactKey, now, cancellationToken) is { } wait)
        {
            await db.RollbackAsync(cancellationToken);
            return Error.TooManyRequests(
                "too_many_requests",
                string.Create(CultureInfo.InvariantCulture, $"Too many passcodes asked for. Try again in {Math.Ceiling(wait.TotalMinutes)} minute(s)."),
                wait);
        }

        await links.RecordResendAsync(link.Id, clinic.ClinicId, link.PatientId, contactKey, now, request.ClientAddress, cancellationToken);
        var sent = recipient is not null && details is { Active: true, PortalAccess: true } && portal is { PortalEnabled: true };
        if (sent)
        {
            var passcodeId = Guid.CreateVersion7(now);
            var passcode = PasscodeHasher.NewPasscode();
            await links.ReplacePasscodeAsync(link.Id, passcodeId, await hasher.HashAsync(passcodeId, passcode, cancellationToken), now, now + lifetime, cancellationToken);
            await outbox.EnqueueAsync(
                new NotificationRequest(
                    IdentityTemplates.PatientLinkPasscode,
                    clinic.ClinicId,
                    recipient!.Channels,
                    recipient.Email,
                    recipient.Phone,
                    details!.Language,
                    new Dictionary<string, string>
                    {
                        ["passcode"] = passcode,
                        ["clinic"] = clinic.Clinic.Name,
                        ["validity"] = Durations.Describe(lifetime, details.Language),
                    },
                    $"patient-link-passcode:{passcodeId}"),
                cancellationToken);
        }

        await audit.RecordAsync(
            new AuditEvent("identity.patient.link_passcode_resent", clinic.ClinicId, "patient", link.PatientId.ToString(), new { linkId = link.Id, sent }),
            cancellationToken);
        await db.CommitAsync(cancellationToken);
        return new PatientLinkPasscodeResent((int)lifetime.TotalMinutes);
    }

    /// <summary>The preferred channel on record (P10): email, SMS, or both; null when the patient has no address for it.</summary>
    private static NotificationRecipient? PreferredChannel(PatientContactDetails? details) => details is null
        ? null
        : NotificationRecipient.Preferred(details.Preference != ContactPreference.Sms, details.Preference != ContactPreference.Email, details.Email, details.Mobile);
}

internal sealed class ResendPatientLinkPasscodeEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/links")
            .MapPost("/resend", async Task<Results<Accepted<PatientLinkPasscodeResent>, ErrorHttpResult>> (
                ResendPatientLinkPasscodeBody body, IMediator mediator, IActorContext actor, CancellationToken cancellationToken) =>
                (await mediator.Send(new ResendPatientLinkPasscodeCommand(body.Token, actor.ClientAddress), cancellationToken))
                .ToHttp(resent => TypedResults.Accepted((string?)null, resent)))
            .AsPatientSignInStep()
            .WithName("ResendPatientLinkPasscode")
            .WithSummary("Sends a new quick passcode for a notification link to the patient's preferred channel on record; the previous one stops working.")
            .WithDescription("Anyone holding the link may call it; the passcode only ever goes to the patient's own email or mobile on record. Answers the same whether or not something could be sent.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
