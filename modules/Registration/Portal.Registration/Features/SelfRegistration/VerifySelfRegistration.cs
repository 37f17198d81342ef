using Carter;
using FluentValidation;
using Hangfire;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
using Portal.Notifications;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.SelfRegistration;

[ValidatedAs(typeof(VerifySelfRegistrationCommand))]
internal sealed record VerifySelfRegistrationBody(string RegistrationId, string Passcode);

/// <summary>
/// What a proven registration answers, word for word the same whether a chart was made for review or the
/// identifier was already a patient's (A6): the page says to watch the contact point given.
/// </summary>
internal sealed record SelfRegistrationReceived(string ContactKind);

/// <summary>
/// Step 2: the passcode proves the contact point; only then does anything happen, and after the answer:
/// <see cref="ProvenRegistrationJob"/> makes the chart for review or tells the chart that already has the identifier.
/// Not an <c>ICommand</c>: a wrong passcode is counted and committed.
/// </summary>
internal sealed record VerifySelfRegistrationCommand(string RegistrationId, string Passcode) : IRequest<Result<SelfRegistrationReceived>>;

internal sealed class VerifySelfRegistrationValidator : AbstractValidator<VerifySelfRegistrationCommand>
{
    public VerifySelfRegistrationValidator()
    {
        RuleFor(x => x.RegistrationId).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Passcode).NotEmpty()
            .Must(p => p is { Length: 6 } && p.All(char.IsAsciiDigit)).WithMessage("A passcode is 6 digits.").WithErrorCode("invalid");
    }
}

internal sealed class VerifySelfRegistrationHandler(
    IDbSession db,
    ClinicContext clinic,
    IContactPasscodes passcodes,
    SelfRegistrationStore registrations,
    INotificationOutbox outbox,
    IAuditLog audit,
    IBackgroundJobClient jobs,
    TimeProvider clock) : IRequestHandler<VerifySelfRegistrationCommand, Result<SelfRegistrationReceived>>
{
    private static readonly Error Invalid = Error.Validation("passcode_invalid", "The passcode is wrong or has expired. Start again if you need a new one.");

    public async Task<Result<SelfRegistrationReceived>> Handle(VerifySelfRegistrationCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clinicId = clinic.ClinicId;
        await db.BeginTransactionAsync(cancellationToken);
        var pending = await registrations.FindForUpdateAsync(SecureTokens.Hash(request.RegistrationId), cancellationToken);
        // A registration started at another clinic's address does not exist here (A2).
        if (pending is null || pending.ClinicId != clinicId)
        {
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        if (pending.Status != "awaiting_passcode" || now >= pending.ExpiresAt || pending.WrongAttempts >= passcodes.WrongAttemptsAllowed)
        {
            await registrations.AbandonAsync(pending.Id, cancellationToken);
            await RefuseAsync(pending.Id, "ended", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        if (!await passcodes.MatchesAsync(pending.Id, request.Passcode, pending.PasscodeHash, cancellationToken))
        {
            await registrations.RecordWrongAsync(pending.Id, passcodes.WrongAttemptsAllowed, cancellationToken);
            await RefuseAsync(pending.Id, "wrong_passcode", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        var record = SelfRegistrationStore.Deserialize(pending.Details!);
        // Whether the identifier is known is decided by ProvenRegistrationJob after the answer: this request does the same work either way (A6, P7).
        await registrations.MarkProvenAsync(pending.Id, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.Received, clinicId, SelfRegistrationAudit.TargetType, pending.Id.ToString()), cancellationToken);
        var isEmail = pending.ContactKind == "email";
        var proven = isEmail ? record.Emails[0] : record.Mobiles[0];
        await outbox.EnqueueAsync(
            new NotificationRequest(
                SelfRegistrationTemplates.Received, clinicId, isEmail ? NotificationChannels.Email : NotificationChannels.Sms,
                isEmail ? proven : null, isEmail ? null : proven, pending.ConsentLanguage,
                new Dictionary<string, string> { ["clinic"] = clinic.Clinic.Name }, $"self-registration-received:{pending.Id}"),
            cancellationToken);
        await db.CommitAsync(cancellationToken);
        jobs.Enqueue<ProvenRegistrationJob>(job => job.RunAsync(pending.Id, CancellationToken.None));
        return new SelfRegistrationReceived(pending.ContactKind);
    }

    private Task RefuseAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEvent(SelfRegistrationAudit.PasscodeRefused, clinic.ClinicId, SelfRegistrationAudit.TargetType, id.ToString(), new { reason }),
            cancellationToken);
}

internal sealed class VerifySelfRegistrationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/register")
            .MapPost("/verify", async Task<Results<Ok<SelfRegistrationReceived>, ErrorHttpResult>> (
                VerifySelfRegistrationBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new VerifySelfRegistrationCommand(body.RegistrationId, body.Passcode), cancellationToken)).ToHttp(TypedResults.Ok))
            .AsSelfRegistrationStep()
            .WithName("VerifySelfRegistration")
            .WithSummary("Self-registration, step 2: the passcode proves the contact point; a chart waits for review, or the chart that already has the identifier is told. Answers the same either way.")
            .WithDescription("Anyone holding the registration id of step 1, while the clinic's portal and self-registration (S3) are on; 404 otherwise. Signs no one in.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
