using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
using Portal.Settings.Clinics;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Security;
using Portal.Shared.Validation;

namespace Portal.Settings.Features.PortalSettings;

/// <summary>"Save Portal Settings": every setting of the page at once, against the version the page was loaded at.</summary>
internal sealed record SavePortalSettingsCommand(
    bool PortalEnabled,
    bool NewPatientsGetAccess,
    bool SelfRegistrationEnabled,
    bool PatientRepliesEnabled,
    bool BillingEnabled,
    bool ExtraSearchableIdsEnabled,
    Guid? BackgroundImageId,
    int PasscodeTimeoutMinutes,
    IReadOnlyList<string> HiddenAppointmentStatuses,
    string NotificationSignIn,
    int Version) : ICommand<PortalSettingsView>
{
    /// <summary>The consent a person agrees to when registering (S3), in English; left out keeps it, empty clears it to the portal's wording.</summary>
    public string? RegistrationConsentEn { get; init; }

    /// <summary>The same in French.</summary>
    public string? RegistrationConsentFr { get; init; }
}

internal sealed class SavePortalSettingsValidator : AbstractValidator<SavePortalSettingsCommand>
{
    public SavePortalSettingsValidator()
    {
        RuleFor(x => x.PasscodeTimeoutMinutes)
            .IsOneOf(PasscodeTimeouts.AllowedMinutes)
            .WithMessage("Choose one of the offered timeout durations.");
        RuleFor(x => x.HiddenAppointmentStatuses)
            .Must(statuses => statuses.Distinct(StringComparer.Ordinal).Count() == statuses.Count)
            .WithMessage("Each status can be hidden once.");
        RuleForEach(x => x.HiddenAppointmentStatuses)
            .IsOneOf(AppointmentStatusCodes.All)
            .WithMessage("'{PropertyValue}' is not an appointment status.");
        RuleFor(x => x.NotificationSignIn)
            .IsOneOf(NotificationSignInCodes.All)
            .WithMessage($"Use one of: {string.Join(", ", NotificationSignInCodes.All)}.");
        RuleFor(x => x.Version).GreaterThan(0);
        RuleFor(x => x.RegistrationConsentEn).MaximumLength(RegistrationConsent.MaxLength).WithErrorCode("too_long");
        RuleFor(x => x.RegistrationConsentFr).MaximumLength(RegistrationConsent.MaxLength).WithErrorCode("too_long");
    }
}

internal sealed class SavePortalSettingsHandler(IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SavePortalSettingsCommand, Result<PortalSettingsView>>
{
    public async Task<Result<PortalSettingsView>> Handle(SavePortalSettingsCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var current = await PortalSettingsRow.LoadAsync(db, clinicId, forUpdate: true, cancellationToken);
        if (current is null)
        {
            return Error.NotFound("settings_not_found", "This clinic has no portal settings.");
        }

        if (current.Version != request.Version)
        {
            return Error.Conflict("settings_changed", "Someone saved these settings after you opened them. Reload to see their changes.");
        }

        if (request.PortalEnabled && !current.PortalEnabled && actor.Actor.Role != StaffRoles.Owner)
        {
            return Error.Forbidden("portal_enable_requires_owner", "Only the clinic's account owner can turn the patient portal on.");
        }

        if (request.BillingEnabled && !current.BillingEnabled && !await HasStripeKeysAsync(clinicId, cancellationToken))
        {
            return Error.Conflict("stripe_keys_required", "Enter the clinic's Stripe keys before turning on portal billing.");
        }

        if (request.BackgroundImageId is { } imageId && imageId != current.BackgroundImageId
            && !await ImageExistsAsync(clinicId, imageId, cancellationToken))
        {
            return Error.Field("backgroundImageId", "unknown_background_image", "There is no uploaded image with this id.");
        }

        var consentEn = RegistrationConsent.Next(current.RegistrationConsentEn, request.RegistrationConsentEn);
        var consentFr = RegistrationConsent.Next(current.RegistrationConsentFr, request.RegistrationConsentFr);
        var changes = Changes(current, request);
        if (consentEn != current.RegistrationConsentEn)
        {
            changes["registrationConsentEn"] = new { changed = true };
        }

        if (consentFr != current.RegistrationConsentFr)
        {
            changes["registrationConsentFr"] = new { changed = true };
        }

        if (changes.Count > 0)
        {
            await db.ExecuteAsync(
                """
                update settings.portal_settings set
                    portal_enabled = @PortalEnabled,
                    new_patients_get_access = @NewPatientsGetAccess,
                    self_registration_enabled = @SelfRegistrationEnabled,
                    patient_replies_enabled = @PatientRepliesEnabled,
                    billing_enabled = @BillingEnabled,
                    extra_searchable_ids_enabled = @ExtraSearchableIdsEnabled,
                    background_image_id = @BackgroundImageId,
                    passcode_timeout_minutes = @PasscodeTimeoutMinutes,
                    hidden_appointment_statuses = @HiddenStatuses,
                    notification_sign_in = @NotificationSignIn,
                    registration_consent_en = @ConsentEn,
                    registration_consent_fr = @ConsentFr,
                    version = version + 1,
                    updated_at = @Now,
                    updated_by = @ActorId
                where clinic_id = @ClinicId
                """,
                new
                {
                    request.PortalEnabled,
                    request.NewPatientsGetAccess,
                    request.SelfRegistrationEnabled,
                    request.PatientRepliesEnabled,
                    request.BillingEnabled,
                    request.ExtraSearchableIdsEnabled,
                    request.BackgroundImageId,
                    request.PasscodeTimeoutMinutes,
                    HiddenStatuses = request.HiddenAppointmentStatuses.ToArray(),
                    request.NotificationSignIn,
                    ConsentEn = consentEn,
                    ConsentFr = consentFr,
                    Now = clock.GetUtcNow(),
                    ActorId = actor.Actor.Id,
                    ClinicId = clinicId,
                },
                cancellationToken);
            await audit.RecordAsync(
                new AuditEvent("settings.portal.updated", clinicId, "portal_settings", clinicId.ToString(), new { changes }),
                cancellationToken);
            await SettingsNotifications.NotifyChangedAsync(db, clinicId, cancellationToken);
        }

        return (await PortalSettingsViews.LoadAsync(db, clinic.Clinic, actor.Actor, cancellationToken))!;
    }

    private async Task<bool> HasStripeKeysAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from settings.stripe_accounts where clinic_id = @clinicId)", new { clinicId }, cancellationToken);

    private async Task<bool> ImageExistsAsync(Guid clinicId, Guid imageId, CancellationToken cancellationToken) =>
        await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from settings.background_images where clinic_id = @clinicId and id = @imageId)",
            new { clinicId, imageId },
            cancellationToken);

    /// <summary>Each changed setting with its old and new value, for the audit log.</summary>
    private static Dictionary<string, object?> Changes(PortalSettingsRow before, SavePortalSettingsCommand after)
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Compare<T>(string name, T from, T to)
        {
            if (!EqualityComparer<T>.Default.Equals(from, to))
            {
                changes[name] = new { from, to };
            }
        }

        Compare("portalEnabled", before.PortalEnabled, after.PortalEnabled);
        Compare("newPatientsGetAccess", before.NewPatientsGetAccess, after.NewPatientsGetAccess);
        Compare("selfRegistrationEnabled", before.SelfRegistrationEnabled, after.SelfRegistrationEnabled);
        Compare("patientRepliesEnabled", before.PatientRepliesEnabled, after.PatientRepliesEnabled);
        Compare("billingEnabled", before.BillingEnabled, after.BillingEnabled);
        Compare("extraSearchableIdsEnabled", before.ExtraSearchableIdsEnabled, after.ExtraSearchableIdsEnabled);
        Compare("backgroundImageId", before.BackgroundImageId, after.BackgroundImageId);
        Compare("passcodeTimeoutMinutes", before.PasscodeTimeoutMinutes, after.PasscodeTimeoutMinutes);
        Compare("notificationSignIn", before.NotificationSignIn, after.NotificationSignIn);
        var hiddenBefore = before.HiddenAppointmentStatuses.Order(StringComparer.Ordinal).ToArray();
        var hiddenAfter = after.HiddenAppointmentStatuses.Order(StringComparer.Ordinal).ToArray();
        if (!hiddenBefore.SequenceEqual(hiddenAfter))
        {
            changes["hiddenAppointmentStatuses"] = new { from = hiddenBefore, to = hiddenAfter };
        }

        return changes;
    }
}

/// <summary>The clinic's registration consent text (S3), one per language.</summary>
internal static class RegistrationConsent
{
    public const int MaxLength = 4000;

    /// <summary>What to store: the current text when none was sent, null (the portal's wording) when blank, else the text trimmed.</summary>
    public static string? Next(string? current, string? sent) =>
        sent is null ? current : string.IsNullOrWhiteSpace(sent) ? null : sent.Trim();
}

internal sealed class SavePortalSettingsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/settings")
            .MapPut("/portal", Handle)
            .RequireAuthorization(Policies.ClinicManager)
            .WithTags("Settings")
            .WithName("SavePortalSettings")
            .WithSummary("Saves every patient portal setting at once. Only the account owner can turn the portal on.")
            .ProducesProblems(
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<PortalSettingsView>, ErrorHttpResult>> Handle(
        SavePortalSettingsCommand command, IMediator mediator, SettingsCache cache, ClinicContext clinic, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        if (result.IsSuccess)
        {
            cache.Invalidate(clinic.ClinicId);
        }

        return result.ToHttp(TypedResults.Ok);
    }
}
