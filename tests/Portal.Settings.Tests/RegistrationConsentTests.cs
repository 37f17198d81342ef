using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Settings.Tests;

/// <summary>The clinic's registration consent text (S3), edited in English and French on the portal settings page.</summary>
public sealed class RegistrationConsentTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task The_consent_text_saved_in_both_languages_reaches_the_public_portal_only_while_self_registration_is_on()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
        await owner.SetPortalSettingAsync(clinic, "registrationConsentEn", "  I agree that Clinique Soleil keeps my details.  ");
        await owner.SetPortalSettingAsync(clinic, "registrationConsentFr", "J'accepte que la Clinique Soleil garde mes renseignements.");
        using var anonymous = App.CreateClient();

        var closed = await anonymous.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/portal");
        await owner.SetPortalSettingAsync(clinic, "selfRegistrationEnabled", true);
        var open = await anonymous.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/portal");

        closed.GetProperty("registrationConsentEn").ValueKind.ShouldBe(JsonValueKind.Null);
        open.GetProperty("registrationConsentEn").GetString().ShouldBe("I agree that Clinique Soleil keeps my details.");
        open.GetProperty("registrationConsentFr").GetString().ShouldBe("J'accepte que la Clinique Soleil garde mes renseignements.");
        var page = await owner.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/settings/portal");
        page.GetProperty("registrationConsentFr").GetString().ShouldStartWith("J'accepte");
    }

    [Fact]
    public async Task A_save_without_the_consent_keeps_it_and_a_blank_one_goes_back_to_the_portals_wording()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "registrationConsentEn", "Clinic wording.");

        await owner.SetPortalSettingAsync(clinic, "selfRegistrationEnabled", true);
        var kept = await owner.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/settings/portal");
        await owner.SetPortalSettingAsync(clinic, "registrationConsentEn", " ");
        var cleared = await owner.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/settings/portal");

        kept.GetProperty("registrationConsentEn").GetString().ShouldBe("Clinic wording.");
        cleared.GetProperty("registrationConsentEn").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task R6_a_consent_over_4000_characters_gets_a_400_problem_and_changes_nothing()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var path = $"/api/clinics/{clinic.Slug}/settings/portal";
        var view = JsonNode.Parse((await owner.GetJsonAsync<JsonElement>(path)).GetRawText())!.AsObject();
        var body = new JsonObject();
        foreach (var name in new[]
                 {
                     "portalEnabled", "newPatientsGetAccess", "selfRegistrationEnabled", "patientRepliesEnabled", "billingEnabled",
                     "extraSearchableIdsEnabled", "passcodeTimeoutMinutes", "hiddenAppointmentStatuses", "notificationSignIn", "version",
                 })
        {
            body[name] = view[name]?.DeepClone();
        }

        body["backgroundImageId"] = null;
        body["registrationConsentFr"] = new string('x', 4001);

        using var response = await owner.SendJsonAsync(HttpMethod.Put, path, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await owner.GetJsonAsync<JsonElement>(path)).GetProperty("registrationConsentFr").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
