using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Settings.Clinics;

internal sealed class ClinicRow
{
    public Guid Id { get; init; }

    public string Slug { get; init; } = "";

    public string Name { get; init; } = "";

    public string TimeZone { get; init; } = "";

    public string DefaultLanguage { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public ClinicRef ToRef() => new(Id, Slug, Name, TimeZone, DefaultLanguage);
}

internal sealed class PortalSettingsRow
{
    public const string SelectColumns = """
        clinic_id, portal_enabled, new_patients_get_access, self_registration_enabled, patient_replies_enabled,
        billing_enabled, extra_searchable_ids_enabled, background_image_id, passcode_timeout_minutes,
        hidden_appointment_statuses, notification_sign_in, registration_consent_en, registration_consent_fr, version, updated_at
        """;

    public Guid ClinicId { get; init; }

    public bool PortalEnabled { get; init; }

    public bool NewPatientsGetAccess { get; init; }

    public bool SelfRegistrationEnabled { get; init; }

    public bool PatientRepliesEnabled { get; init; }

    public bool BillingEnabled { get; init; }

    public bool ExtraSearchableIdsEnabled { get; init; }

    public Guid? BackgroundImageId { get; init; }

    public int PasscodeTimeoutMinutes { get; init; }

    public string[] HiddenAppointmentStatuses { get; init; } = [];

    public string NotificationSignIn { get; init; } = NotificationSignInCodes.PasscodeAndBirthDate;

    public string? RegistrationConsentEn { get; init; }

    public string? RegistrationConsentFr { get; init; }

    public int Version { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public static Task<PortalSettingsRow?> LoadAsync(IDbSession db, Guid clinicId, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<PortalSettingsRow>(
            $"select {SelectColumns} from settings.portal_settings where clinic_id = @clinicId{(forUpdate ? " for update" : "")}",
            new { clinicId },
            cancellationToken);

    public PortalSettingsSnapshot ToSnapshot() => new(
        ClinicId,
        PortalEnabled,
        NewPatientsGetAccess,
        SelfRegistrationEnabled,
        PatientRepliesEnabled,
        BillingEnabled,
        ExtraSearchableIdsEnabled,
        BackgroundImageId,
        PasscodeTimeoutMinutes,
        HiddenAppointmentStatuses,
        NotificationSignInCodes.Parse(NotificationSignIn))
    {
        RegistrationConsentEn = RegistrationConsentEn,
        RegistrationConsentFr = RegistrationConsentFr,
    };
}

/// <summary>How S10's choices are spelled in the database and in JSON.</summary>
internal static class NotificationSignInCodes
{
    public const string PasscodeAndBirthDate = "passcode_and_birth_date";
    public const string IdentifierAndBirthDate = "identifier_and_birth_date";

    public static IReadOnlyList<string> All { get; } = [PasscodeAndBirthDate, IdentifierAndBirthDate];

    public static NotificationSignInMethod Parse(string code) => code switch
    {
        IdentifierAndBirthDate => NotificationSignInMethod.IdentifierAndBirthDate,
        _ => NotificationSignInMethod.PasscodeAndBirthDate,
    };
}
