using System.Globalization;
using System.Security.Claims;
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
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Identity.Features.PatientContacts;

[ValidatedAs(typeof(StartContactChangeCommand))]
internal sealed record ChangeContactBody(string Kind, string Value);

[ValidatedAs(typeof(ConfirmContactChangeCommand))]
internal sealed record ConfirmContactBody(string ChangeId, string Passcode);

internal sealed record ContactChangeStarted(string ChangeId, int ExpiresInMinutes);

internal sealed record ContactChanged(string Kind, string Value);

/// <summary>
/// A signed-in patient replaces their email address or mobile number (checklist C4): a passcode goes
/// to the new one, and only when it comes back is the change made and the old one told.
/// </summary>
internal sealed record StartContactChangeCommand(Guid PatientId, string Kind, string Value) : ICommand<ContactChangeStarted>;

internal sealed record ConfirmContactChangeCommand(Guid PatientId, string ChangeId, string Passcode) : IRequest<Result<ContactChanged>>;

internal sealed class StartContactChangeValidator : AbstractValidator<StartContactChangeCommand>
{
    public StartContactChangeValidator()
    {
        this.ContactPoint(x => x.Kind, x => x.Value);
    }
}

internal sealed class ConfirmContactChangeValidator : AbstractValidator<ConfirmContactChangeCommand>
{
    public ConfirmContactChangeValidator()
    {
        RuleFor(x => x.ChangeId).NotEmpty().MaximumLength(100);
        this.Passcode(x => x.Passcode);
    }
}

internal sealed class StartContactChangeHandler(
    IDbSession db, ClinicContext clinic, IPatientDirectory patients, PasscodeHasher hasher, INotificationOutbox outbox, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<StartContactChangeCommand, Result<ContactChangeStarted>>
{
    public async Task<Result<ContactChangeStarted>> Handle(StartContactChangeCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recent = await db.ExecuteScalarAsync<long>(
            "select count(*) from identity.patient_contact_changes where clinic_id = @ClinicId and patient_id = @PatientId and created_at > @since",
            new { clinic.ClinicId, request.PatientId, since = now - SignInRules.SendWindow },
            cancellationToken);
        if (recent >= SignInRules.SendsPerWindow)
        {
            return Error.TooManyRequests("too_many_requests", "Too many changes asked for. Try again later.", SignInRules.SendWindow);
        }

        var details = await patients.GetContactDetailsAsync(clinic.ClinicId, request.PatientId, cancellationToken);
        var value = request.Kind == "email" ? EmailAddresses.Normalize(request.Value) : PhoneNumbers.TryNormalize(request.Value, out var e164) ? e164 : null;
        if (details is null || value is null)
        {
            return Error.Unauthorized("not_signed_in", "Sign in to the portal to continue.");
        }

        var id = Guid.CreateVersion7(now);
        var token = SecureTokens.Create();
        var passcode = PasscodeHasher.NewPasscode();
        var lifetime = SignInRules.SignInPasscodeLifetime;
        await db.ExecuteAsync(
            """
            insert into identity.patient_contact_changes
                (id, token_hash, clinic_id, patient_id, contact_kind, new_value, passcode_hash, created_at, expires_at)
            values (@id, @tokenHash, @ClinicId, @PatientId, @Kind, @value, @passcodeHash, @now, @expires)
            """,
            new
            {
                id, tokenHash = SecureTokens.Hash(token), clinic.ClinicId, request.PatientId, request.Kind, value,
                passcodeHash = await hasher.HashAsync(id, passcode, cancellationToken), now, expires = now + lifetime,
            },
            cancellationToken);
        await PasscodeMessages.EnqueueAsync(
            outbox, clinic.Clinic, new PasscodeRecipient(request.Kind == "email", value), details.Language, passcode, lifetime,
            $"patient-contact-change:{id}", cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("identity.patient.contact_change_requested", clinic.ClinicId, "patient", request.PatientId.ToString(), new { kind = request.Kind }),
            cancellationToken);
        return new ContactChangeStarted(token, (int)lifetime.TotalMinutes);
    }
}

internal sealed class ConfirmContactChangeHandler(
    IDbSession db, ClinicContext clinic, IPatientDirectory patients, PasscodeHasher hasher, INotificationOutbox outbox, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<ConfirmContactChangeCommand, Result<ContactChanged>>
{
    private static readonly Error Invalid = Error.Validation("passcode_invalid", "The passcode is wrong or has expired. Ask for a new one if you need to.");

    public async Task<Result<ContactChanged>> Handle(ConfirmContactChangeCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BeginTransactionAsync(cancellationToken);
        var change = await db.QuerySingleOrDefaultAsync<PendingChange>(
            """
            select id, contact_kind, new_value, passcode_hash, expires_at, wrong_attempts, ended_at
            from identity.patient_contact_changes
            where token_hash = @hash and clinic_id = @ClinicId and patient_id = @PatientId
            for update
            """,
            new { hash = SecureTokens.Hash(request.ChangeId), clinic.ClinicId, request.PatientId },
            cancellationToken);
        if (change is null || change.EndedAt is not null || now >= change.ExpiresAt)
        {
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        if (!await hasher.MatchesAsync(change.Id, request.Passcode, change.PasscodeHash, cancellationToken))
        {
            await db.ExecuteAsync(
                """
                update identity.patient_contact_changes
                set wrong_attempts = wrong_attempts + 1,
                    ended_at = case when wrong_attempts + 1 >= @allowed then @now end,
                    end_reason = case when wrong_attempts + 1 >= @allowed then 'wrong_attempts' end
                where id = @Id
                """,
                new { change.Id, now, allowed = SignInRules.WrongAttemptsAllowed },
                cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        var kind = change.ContactKind == "email" ? ContactKind.Email : ContactKind.Mobile;
        var replaced = await patients.ReplacePrimaryContactAsync(clinic.ClinicId, request.PatientId, kind, change.NewValue, cancellationToken);
        await db.ExecuteAsync(
            "update identity.patient_contact_changes set ended_at = @now, end_reason = 'used' where id = @Id",
            new { change.Id, now },
            cancellationToken);
        if (replaced is null)
        {
            await db.CommitAsync(cancellationToken);
            return Invalid;
        }

        if (replaced.Previous is { } previous && previous != replaced.Current)
        {
            var details = await patients.GetContactDetailsAsync(clinic.ClinicId, request.PatientId, cancellationToken);
            await outbox.EnqueueAsync(
                new NotificationRequest(
                    IdentityTemplates.PatientContactChanged,
                    clinic.ClinicId,
                    previous.Kind == ContactKind.Email ? NotificationChannels.Email : NotificationChannels.Sms,
                    previous.Kind == ContactKind.Email ? previous.Value : null,
                    previous.Kind == ContactKind.Mobile ? previous.Value : null,
                    details?.Language ?? clinic.Clinic.DefaultLanguage,
                    new Dictionary<string, string> { ["clinic"] = clinic.Clinic.Name },
                    $"patient-contact-changed:{change.Id}"),
                cancellationToken);
        }

        await audit.RecordAsync(
            new AuditEvent("identity.patient.contact_changed", clinic.ClinicId, "patient", request.PatientId.ToString(), new { kind = change.ContactKind }),
            cancellationToken);
        await db.CommitAsync(cancellationToken);
        return new ContactChanged(change.ContactKind, replaced.Current.Value);
    }

    private sealed class PendingChange
    {
        public Guid Id { get; init; }

        public string ContactKind { get; init; } = "";

        public string NewValue { get; init; } = "";

        public byte[] PasscodeHash { get; init; } = [];

        public DateTimeOffset ExpiresAt { get; init; }

        public int WrongAttempts { get; init; }

        public DateTimeOffset? EndedAt { get; init; }
    }
}

internal sealed class ChangePatientContactEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var contacts = app.MapClinicGroup("/portal/me/contacts").WithTags("Portal");
        contacts.MapPost("/", async Task<Results<Accepted<ContactChangeStarted>, ErrorHttpResult>> (
                ChangeContactBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new StartContactChangeCommand(PatientClaims.PatientId(user), body.Kind, body.Value), cancellationToken))
                .ToHttp(started => TypedResults.Accepted((string?)null, started)))
            .RequireAuthorization(Policies.ClinicPatient)
            .WithName("StartPatientContactChange")
            .WithSummary("Sends a passcode to a new email address or mobile number the signed-in patient wants to use.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
        contacts.MapPost("/confirm", async Task<Results<Ok<ContactChanged>, ErrorHttpResult>> (
                ConfirmContactBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ConfirmContactChangeCommand(PatientClaims.PatientId(user), body.ChangeId, body.Passcode), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicPatient)
            .WithName("ConfirmPatientContactChange")
            .WithSummary("Makes the change with the passcode sent to the new contact point, and tells the old one.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);
    }
}
