using System.Net;
using System.Text.Json;

namespace Portal.Settings.Tests;

/// <summary>The body of "Save Portal Settings", built from what the page last loaded.</summary>
internal sealed record SettingsBody(
    bool PortalEnabled,
    bool NewPatientsGetAccess,
    bool SelfRegistrationEnabled,
    bool PatientRepliesEnabled,
    bool BillingEnabled,
    bool ExtraSearchableIdsEnabled,
    Guid? BackgroundImageId,
    int PasscodeTimeoutMinutes,
    string[] HiddenAppointmentStatuses,
    string NotificationSignIn,
    int Version)
{
    public static SettingsBody From(JsonElement view) => new(
        view.GetProperty("portalEnabled").GetBoolean(),
        view.GetProperty("newPatientsGetAccess").GetBoolean(),
        view.GetProperty("selfRegistrationEnabled").GetBoolean(),
        view.GetProperty("patientRepliesEnabled").GetBoolean(),
        view.GetProperty("billingEnabled").GetBoolean(),
        view.GetProperty("extraSearchableIdsEnabled").GetBoolean(),
        view.GetProperty("backgroundImage").ValueKind == JsonValueKind.Null ? null : view.GetProperty("backgroundImage").GetProperty("id").GetGuid(),
        view.GetProperty("passcodeTimeoutMinutes").GetInt32(),
        view.GetProperty("hiddenAppointmentStatuses").EnumerateArray().Select(s => s.GetString()!).ToArray(),
        view.GetProperty("notificationSignIn").GetString()!,
        view.GetProperty("version").GetInt32());

    // Hidden statuses are a set: compared by content, in any order.
    public bool Equals(SettingsBody? other) =>
        other is not null
        && (PortalEnabled, NewPatientsGetAccess, SelfRegistrationEnabled, PatientRepliesEnabled, BillingEnabled, ExtraSearchableIdsEnabled)
            == (other.PortalEnabled, other.NewPatientsGetAccess, other.SelfRegistrationEnabled, other.PatientRepliesEnabled, other.BillingEnabled, other.ExtraSearchableIdsEnabled)
        && (BackgroundImageId, PasscodeTimeoutMinutes, NotificationSignIn, Version)
            == (other.BackgroundImageId, other.PasscodeTimeoutMinutes, other.NotificationSignIn, other.Version)
        && HiddenAppointmentStatuses.Order(StringComparer.Ordinal).SequenceEqual(other.HiddenAppointmentStatuses.Order(StringComparer.Ordinal));

    public override int GetHashCode() => HashCode.Combine(PortalEnabled, PasscodeTimeoutMinutes, Version, BackgroundImageId);
}

internal static class SettingsApi
{
    public static readonly object TestStripeKeys = new
    {
        publishableKey = "pk_test_51Hclinic0123456789",
        secretKey = "sk_test_51Hclinic0123456789TOPSECRET",
        webhookSigningSecret = "whsec_clinic0123456789abc",
    };

    public static string Settings(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/settings/portal";

    public static string Uploads(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/settings/portal/background-images";

    public static string Stripe(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/settings/stripe";

    public static Task<JsonElement> GetSettingsAsync(this PortalClient client, TestClinic clinic) =>
        client.GetJsonAsync<JsonElement>(Settings(clinic));

    public static async Task<SettingsBody> CurrentBodyAsync(this PortalClient client, TestClinic clinic) =>
        SettingsBody.From(await client.GetSettingsAsync(clinic));

    public static async Task<JsonElement> SaveSettingsAsync(this PortalClient client, TestClinic clinic, SettingsBody body)
    {
        using var response = await client.PutJsonAsync(Settings(clinic), body);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    public static async Task<Guid> UploadBackgroundAsync(this PortalClient client, TestClinic clinic, byte[]? image = null)
    {
        using var response = await client.PostBytesAsync(Uploads(clinic), image ?? TestImages.Png(), "image/png");
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task SaveStripeKeysAsync(this PortalClient client, TestClinic clinic)
    {
        using var response = await client.PutJsonAsync(Stripe(clinic), TestStripeKeys);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
