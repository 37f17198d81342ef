using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Settings.Tests;

public sealed class SettingsBadInputTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private const string Valid =
        "\"portalEnabled\": false, \"newPatientsGetAccess\": false, \"selfRegistrationEnabled\": false, \"patientRepliesEnabled\": true, " +
        "\"billingEnabled\": false, \"extraSearchableIdsEnabled\": false, \"passcodeTimeoutMinutes\": 4320, " +
        "\"notificationSignIn\": \"passcode_and_birth_date\", \"version\": 1";

    public static TheoryData<string, string> BadSettings => new()
    {
        { "malformed json", "{\"portalEnabled\": tru" },
        { "array", "[]" },
        { "null", "null" },
        { "empty object", "{}" },
        { "missing background", "{" + Valid + ", \"hiddenAppointmentStatuses\": []}" },
        { "missing statuses", "{" + Valid + ", \"backgroundImageId\": null}" },
        { "statuses null", "{" + Valid + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": null}" },
        { "boolean as string", "{" + Valid.Replace("\"portalEnabled\": false", "\"portalEnabled\": \"true\"", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "number as string", "{" + Valid.Replace("4320", "\"4320\"", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "number too large", "{" + Valid.Replace("4320", "99999999999999999999", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "fraction", "{" + Valid.Replace("4320", "4320.5", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "timeout not offered", "{" + Valid.Replace("4320", "5", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "negative version", "{" + Valid.Replace("\"version\": 1", "\"version\": -1", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "stale version", "{" + Valid.Replace("\"version\": 1", "\"version\": 7", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "unknown status", "{" + Valid + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": [\"deleted\"]}" },
        { "status twice", "{" + Valid + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": [\"booked\", \"booked\"]}" },
        { "status not a string", "{" + Valid + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": [3]}" },
        { "nul in status", "{" + Valid + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": [\"book\\u0000ed\"]}" },
        { "lone surrogate", "{" + Valid.Replace("passcode_and_birth_date", "\\udc00", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "unknown sign-in method", "{" + Valid.Replace("passcode_and_birth_date", "magic_link", StringComparison.Ordinal) + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": []}" },
        { "unknown image id", "{" + Valid + ", \"backgroundImageId\": \"0195f0c1-0000-7000-8000-000000000001\", \"hiddenAppointmentStatuses\": []}" },
        { "image id not a uuid", "{" + Valid + ", \"backgroundImageId\": \"../../etc/passwd\", \"hiddenAppointmentStatuses\": []}" },
        { "deep nesting", new string('[', 5000) + new string(']', 5000) },
        { "huge body", "{\"padding\": \"" + new string('x', 400_000) + "\"}" },
    };

    /// <summary>Every value of a good save, at every depth, of the wrong type, and every listed status null.</summary>
    public static TheoryData<string, string> WrongTypes =>
        BadJson.Variants(JsonNode.Parse("{" + Valid + ", \"backgroundImageId\": null, \"hiddenAppointmentStatuses\": [\"booked\"]}")!);

    [Theory]
    [MemberData(nameof(BadSettings))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_bad_settings_saves_get_a_4xx_problem_and_change_nothing(string what, string body)
    {
        var app = fixture.App;
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        var before = await owner.CurrentBodyAsync(clinic);

        using var response = await owner.SendRawJsonAsync(HttpMethod.Put, SettingsApi.Settings(clinic), body);

        ((int)response.StatusCode).ShouldBeInRange(400, 499, what);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
        (await owner.CurrentBodyAsync(clinic)).ShouldBe(before, what);
        (await app.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'settings.portal.updated'", new { id = clinic.Id })).ShouldBe(0);
        app.Logs.Errors.ShouldBeEmpty(what);
    }

    /// <summary>Every value of good Stripe keys of the wrong type.</summary>
    public static TheoryData<string> WrongStripeTypes
    {
        get
        {
            var data = new TheoryData<string>();
            var valid = "{\"publishableKey\": \"pk_test_51Habc0123456789\", \"secretKey\": \"sk_test_51Habc0123456789\", \"webhookSigningSecret\": \"whsec_abc0123456789\"}";
            foreach (var (_, json) in BadJson.Mutations(JsonNode.Parse(valid)!))
            {
                data.Add(json);
            }

            return data;
        }
    }

    [Theory]
    [InlineData("{\"publishableKey\": \"pk_test_51Habc0123456789\"}")]
    [InlineData("{\"publishableKey\": 1, \"secretKey\": 2, \"webhookSigningSecret\": null}")]
    [InlineData("{\"publishableKey\": \"pk_test_51H\\u0000abc0123456789\", \"secretKey\": \"sk_test_51Habc0123456789\", \"webhookSigningSecret\": null}")]
    [InlineData("{\"publishableKey\": \"pk_test_51Habc0123456789\", \"secretKey\": \"sk_test_" + "toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789toolong0123456789\", \"webhookSigningSecret\": null}")]
    [MemberData(nameof(WrongStripeTypes))]
    public async Task R6_bad_stripe_keys_get_a_4xx_problem_and_store_nothing(string body)
    {
        var app = fixture.App;
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.SendRawJsonAsync(HttpMethod.Put, SettingsApi.Stripe(clinic), body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await app.QuerySingleAsync<long>("select count(*) from settings.stripe_accounts where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);
    }

    [Theory]
    [InlineData("/settings/portal/background-images/0195f0c1-0000-7000-8000-000000000001", HttpStatusCode.NotFound)]
    [InlineData("/settings/portal/background-images/not-a-uuid", HttpStatusCode.NotFound)]
    [InlineData("/portal/background-images/0195f0c1-0000-7000-8000-000000000001", HttpStatusCode.NotFound)]
    [InlineData("/settings/portal/background-images/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    public async Task R6_unknown_or_malformed_ids_are_404s(string path, HttpStatusCode expected)
    {
        var app = fixture.App;
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.GetAsync($"/api/clinics/{clinic.Slug}{path}");

        response.StatusCode.ShouldBe(expected);
        app.Logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task R6_a_settings_save_with_the_wrong_content_type_is_a_415_problem()
    {
        var app = fixture.App;
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.SendAsync(HttpMethod.Put, SettingsApi.Settings(clinic), new StringContent("portalEnabled=true", Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
