namespace Portal.Settings.Contracts;

/// <summary>How patients sign in from an email or SMS link (S10).</summary>
public enum NotificationSignInMethod
{
    /// <summary>The passcode from the notification and the date of birth.</summary>
    PasscodeAndBirthDate,

    /// <summary>An identifier (e.g. the health card number) and the date of birth.</summary>
    IdentifierAndBirthDate,
}

/// <summary>A clinic's patient portal settings (S1 to S10) as other modules read them.</summary>
public sealed record PortalSettingsSnapshot(
    Guid ClinicId,
    bool PortalEnabled,
    bool NewPatientsGetAccess,
    bool SelfRegistrationEnabled,
    bool PatientRepliesEnabled,
    bool BillingEnabled,
    bool ExtraSearchableIdsEnabled,
    Guid? BackgroundImageId,
    int PasscodeTimeoutMinutes,
    IReadOnlyList<string> HiddenAppointmentStatuses,
    NotificationSignInMethod NotificationSignIn)
{
    /// <summary>The consent a person agrees to when registering (S3), in English; null for the portal's own wording.</summary>
    public string? RegistrationConsentEn { get; init; }

    /// <summary>The same in French.</summary>
    public string? RegistrationConsentFr { get; init; }
}

/// <summary>Reads a clinic's portal settings. Cached; a save on any host invalidates every host's copy.</summary>
public interface IPortalSettings
{
    /// <summary>The settings of an existing clinic, or null when there is no such clinic.</summary>
    ValueTask<PortalSettingsSnapshot?> GetAsync(Guid clinicId, CancellationToken cancellationToken);
}

/// <summary>A clinic's Stripe keys, decrypted, for the Billing module. Never sent to a browser.</summary>
public sealed record StripeCredentials(string PublishableKey, string SecretKey, string? WebhookSigningSecret);

public interface IClinicStripeCredentials
{
    /// <summary>The clinic's Stripe keys, or null when it has entered none.</summary>
    Task<StripeCredentials?> GetAsync(Guid clinicId, CancellationToken cancellationToken);
}

/// <summary>How other modules hear that a clinic's settings changed, to drop what they keep of them.</summary>
public static class SettingsChanges
{
    /// <summary>
    /// The PostgreSQL notification channel on which a save of a clinic's portal settings or Stripe keys sends the clinic's id,
    /// in the saving transaction, so every host hears of it once it commits. Subscribe a <c>ClinicCacheInvalidation</c> to it.
    /// </summary>
    public const string Channel = "portal_settings_changed";
}
