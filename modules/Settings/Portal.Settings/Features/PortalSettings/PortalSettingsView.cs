using Portal.Identity.Contracts;
using Portal.Settings.Clinics;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Settings.Features.PortalSettings;

/// <summary>The Settings > Patient Portal page as staff see it: the values, the choices, and what this person may change.</summary>
internal sealed record PortalSettingsView(
    bool PortalEnabled,
    bool NewPatientsGetAccess,
    bool SelfRegistrationEnabled,
    bool PatientRepliesEnabled,
    bool BillingEnabled,
    bool ExtraSearchableIdsEnabled,
    BackgroundImageView? BackgroundImage,
    int PasscodeTimeoutMinutes,
    IReadOnlyList<string> HiddenAppointmentStatuses,
    string NotificationSignIn,
    string? RegistrationConsentEn,
    string? RegistrationConsentFr,
    int Version,
    DateTimeOffset UpdatedAt,
    StripeStatusView Stripe,
    PortalSettingsChoices Choices,
    PortalSettingsPermissions Permissions);

internal sealed record BackgroundImageView(Guid Id, string Url, string ContentType, int Width, int Height);

/// <summary>What the page may show of the clinic's Stripe keys: never the secrets.</summary>
internal sealed record StripeStatusView(bool Configured, string? PublishableKey, string? SecretKeyLast4, bool WebhookSecretConfigured);

internal sealed record PortalSettingsChoices(
    IReadOnlyList<int> PasscodeTimeoutMinutes,
    IReadOnlyList<string> AppointmentStatuses,
    IReadOnlyList<string> NotificationSignIn);

internal sealed record PortalSettingsPermissions(bool CanEdit, bool CanEnablePortal, bool CanManageStripe);

internal static class PortalSettingsViews
{
    public static async Task<PortalSettingsView?> LoadAsync(IDbSession db, ClinicRef clinic, Actor actor, CancellationToken cancellationToken)
    {
        var row = await PortalSettingsRow.LoadAsync(db, clinic.Id, forUpdate: false, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var image = row.BackgroundImageId is { } imageId
            ? await db.QuerySingleOrDefaultAsync<BackgroundImageRow>(
                "select id, content_type, width, height from settings.background_images where clinic_id = @clinicId and id = @imageId",
                new { clinicId = clinic.Id, imageId },
                cancellationToken)
            : null;
        var stripe = await db.QuerySingleOrDefaultAsync<StripeRow>(
            "select publishable_key, secret_key_last4, webhook_secret_protected is not null as webhook_secret_configured from settings.stripe_accounts where clinic_id = @clinicId",
            new { clinicId = clinic.Id },
            cancellationToken);

        var isManager = actor.Role is StaffRoles.Owner or StaffRoles.Admin;
        return new PortalSettingsView(
            row.PortalEnabled,
            row.NewPatientsGetAccess,
            row.SelfRegistrationEnabled,
            row.PatientRepliesEnabled,
            row.BillingEnabled,
            row.ExtraSearchableIdsEnabled,
            image is null ? null : new BackgroundImageView(image.Id, BackgroundImageUrls.Preview(clinic.Slug, image.Id), image.ContentType, image.Width, image.Height),
            row.PasscodeTimeoutMinutes,
            row.HiddenAppointmentStatuses,
            row.NotificationSignIn,
            row.RegistrationConsentEn,
            row.RegistrationConsentFr,
            row.Version,
            row.UpdatedAt,
            stripe is null
                ? new StripeStatusView(false, null, null, false)
                : new StripeStatusView(true, stripe.PublishableKey, stripe.SecretKeyLast4, stripe.WebhookSecretConfigured),
            new PortalSettingsChoices(PasscodeTimeouts.AllowedMinutes, AppointmentStatusCodes.All, NotificationSignInCodes.All),
            new PortalSettingsPermissions(isManager, actor.Role == StaffRoles.Owner, isManager));
    }

    private sealed class BackgroundImageRow
    {
        public Guid Id { get; init; }

        public string ContentType { get; init; } = "";

        public int Width { get; init; }

        public int Height { get; init; }
    }

    private sealed class StripeRow
    {
        public string PublishableKey { get; init; } = "";

        public string SecretKeyLast4 { get; init; } = "";

        public bool WebhookSecretConfigured { get; init; }
    }
}

internal static class BackgroundImageUrls
{
    /// <summary>Any uploaded image, for staff choosing one.</summary>
    public static string Preview(string slug, Guid imageId) => $"/api/clinics/{slug}/settings/portal/background-images/{imageId}";

    /// <summary>The image in use, for everyone visiting the portal.</summary>
    public static string Public(string slug, Guid imageId) => $"/api/clinics/{slug}/portal/background-images/{imageId}";
}
