using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Settings.Clinics;
using Portal.Settings.Features.PortalSettings;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Security;

namespace Portal.Settings.Features.StripeKeys;

/// <summary>
/// The clinic's Stripe keys, which S5 (portal billing) needs. The secret key and webhook signing
/// secret are encrypted before they are stored and are never sent back: the page sees the last four
/// characters only.
/// </summary>
internal sealed record SaveStripeKeysCommand(string PublishableKey, string SecretKey, string? WebhookSigningSecret)
    : ICommand<StripeStatusView>;

internal sealed class SaveStripeKeysValidator : AbstractValidator<SaveStripeKeysCommand>
{
    public SaveStripeKeysValidator()
    {
        RuleFor(x => x.PublishableKey)
            .Matches("^pk_(test|live)_[A-Za-z0-9]{10,247}$")
            .WithMessage("A publishable key starts with pk_test_ or pk_live_.");
        RuleFor(x => x.SecretKey)
            .Matches("^(sk|rk)_(test|live)_[A-Za-z0-9]{10,247}$")
            .WithMessage("A secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.");
        RuleFor(x => x.SecretKey)
            .Must((command, secret) => Mode(secret) == Mode(command.PublishableKey))
            .When(x => x.PublishableKey.Length > 8 && x.SecretKey.Length > 8)
            .WithMessage("The publishable and secret keys must both be test keys or both be live keys.");
        RuleFor(x => x.WebhookSigningSecret)
            .Matches("^whsec_[A-Za-z0-9+/=]{10,200}$")
            .When(x => x.WebhookSigningSecret is not null)
            .WithMessage("A webhook signing secret starts with whsec_.");
    }

    private static string Mode(string key) => key.Contains("_live_", StringComparison.Ordinal) ? "live" : "test";
}

internal sealed class SaveStripeKeysHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit, StripeKeyVault keys, TimeProvider clock)
    : IRequestHandler<SaveStripeKeysCommand, Result<StripeStatusView>>
{
    public async Task<Result<StripeStatusView>> Handle(SaveStripeKeysCommand request, CancellationToken cancellationToken)
    {
        var last4 = request.SecretKey[^4..];
        await db.ExecuteAsync(
            """
            insert into settings.stripe_accounts
                (clinic_id, publishable_key, secret_key_protected, secret_key_last4, webhook_secret_protected, updated_at, updated_by)
            values (@clinicId, @PublishableKey, @secret, @last4, @webhook, @now, @actorId)
            on conflict (clinic_id) do update set
                publishable_key = excluded.publishable_key,
                secret_key_protected = excluded.secret_key_protected,
                secret_key_last4 = excluded.secret_key_last4,
                webhook_secret_protected = excluded.webhook_secret_protected,
                updated_at = excluded.updated_at,
                updated_by = excluded.updated_by
            """,
            new
            {
                clinicId = clinic.ClinicId,
                request.PublishableKey,
                secret = keys.Protect(request.SecretKey),
                last4,
                webhook = request.WebhookSigningSecret is null ? null : keys.Protect(request.WebhookSigningSecret),
                now = clock.GetUtcNow(),
                actorId = actor.Actor.Id,
            },
            cancellationToken);
        // Every host's copy of the keys (Billing keeps them decrypted) is dropped when this commits.
        await SettingsNotifications.NotifyChangedAsync(db, clinic.ClinicId, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(
                "settings.stripe_keys.saved",
                clinic.ClinicId,
                "stripe_account",
                clinic.ClinicId.ToString(),
                new { request.PublishableKey, secretKeyLast4 = last4, webhookSecretConfigured = request.WebhookSigningSecret is not null }),
            cancellationToken);
        return new StripeStatusView(true, request.PublishableKey, last4, request.WebhookSigningSecret is not null);
    }
}

internal sealed record RemoveStripeKeysCommand : ICommand;

internal sealed class RemoveStripeKeysHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<RemoveStripeKeysCommand, Result>
{
    public async Task<Result> Handle(RemoveStripeKeysCommand request, CancellationToken cancellationToken)
    {
        var settings = await PortalSettingsRow.LoadAsync(db, clinic.ClinicId, forUpdate: true, cancellationToken);
        if (settings?.BillingEnabled == true)
        {
            return Error.Conflict("billing_uses_stripe", "Turn off portal billing and save before removing the Stripe keys.");
        }

        var removed = await db.ExecuteAsync(
            "delete from settings.stripe_accounts where clinic_id = @clinicId", new { clinicId = clinic.ClinicId }, cancellationToken);
        if (removed == 0)
        {
            return Error.NotFound("stripe_keys_not_found", "The clinic has no Stripe keys.");
        }

        await SettingsNotifications.NotifyChangedAsync(db, clinic.ClinicId, cancellationToken);

        await audit.RecordAsync(
            new AuditEvent("settings.stripe_keys.removed", clinic.ClinicId, "stripe_account", clinic.ClinicId.ToString()), cancellationToken);
        return Result.Success;
    }
}

internal sealed class StripeKeysEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapClinicGroup("/settings").WithTags("Settings");
        group.MapPut("/stripe", async (SaveStripeKeysCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicManager)
            .WithName("SaveStripeKeys")
            .WithSummary("Saves the clinic's Stripe keys, encrypted. They are never returned.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapDelete("/stripe", async (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RemoveStripeKeysCommand(), cancellationToken)).ToHttp())
            .RequireAuthorization(Policies.ClinicManager)
            .WithName("RemoveStripeKeys")
            .WithSummary("Removes the clinic's Stripe keys; refused while portal billing is on.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
