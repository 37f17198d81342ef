using System.Net;
using System.Text.Json.Nodes;
using static Portal.Registration.Tests.SelfRegistration.SelfRegistrationApi;

namespace Portal.Registration.Tests.SelfRegistration;

/// <summary>R6 on every self-registration and review endpoint: bad input gets a 4xx problem and changes nothing.</summary>
public sealed class SelfRegistrationBadInputTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static string Changed(Action<JsonObject> change)
    {
        var form = Form();
        change(form);
        return form.ToJsonString();
    }

    public static TheoryData<string, string> BadForms => new()
    {
        { "not JSON", "{\"legalGivenName\": " },
        { "an array", "[]" },
        { "no consent", Changed(f => f["consentGiven"] = false) },
        { "no identifier", Changed(f => f.Remove("identifier")) },
        { "a card with a wrong check digit", Changed(f => f["identifier"]!["number"] = TestCards.WithWrongCheckDigit(TestCards.Ontario())) },
        { "an unknown ID type", Changed(f => f["identifier"]!["type"] = "XYZ") },
        { "proving a mobile that was not given", Changed(f => f["proveWith"] = "mobile") },
        { "proving by fax", Changed(f => f["proveWith"] = "fax") },
        { "not an email", Changed(f => f["email"] = "not-an-email") },
        { "an impossible date", Changed(f => f["dateOfBirth"] = "1990-02-30") },
        { "a birth date in the future", Changed(f => f["dateOfBirth"] = "2999-01-01") },
        { "a lone surrogate", Form().ToJsonString().Replace("Gagnon", "Gag\\ud800non", StringComparison.Ordinal) },
        { "a control character", Form().ToJsonString().Replace("Gagnon", "Gag\\u0007non", StringComparison.Ordinal) },
        { "a 200-character name", Changed(f => f["legalFamilyName"] = new string('x', 200)) },
        { "an unknown language", Changed(f => f["preferredLanguage"] = "de") },
        { "a US state in Canada", Changed(f => f["address"]!["province"] = "NY") },
    };

    public static TheoryData<string, string> WrongTypes => BadJson.Variants(Form());

    [Theory]
    [MemberData(nameof(BadForms))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_a_bad_registration_form_gets_a_400_problem_and_keeps_and_sends_nothing(string what, string json)
    {
        var clinic = await App.OpenRegistrationClinicAsync();
        using var client = await App.AnonymousClientAsync();

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, RegisterUrl(clinic), json);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Code.ShouldNotBeNullOrEmpty(what);
        (await App.CountAsync("select count(*) from registration.self_registrations where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0, what);
        App.Logs.Errors.ShouldBeEmpty(what);
    }

    public static TheoryData<string, string> BadVerifications => new()
    {
        { "not JSON", "{\"registrationId\": " },
        { "no passcode", "{\"registrationId\":\"abc\"}" },
        { "a 5-digit passcode", "{\"registrationId\":\"abc\",\"passcode\":\"12345\"}" },
        { "letters for a passcode", "{\"registrationId\":\"abc\",\"passcode\":\"12a456\"}" },
        { "a number for a passcode", "{\"registrationId\":\"abc\",\"passcode\":123456}" },
        { "a huge id", "{\"registrationId\":\"" + new string('a', 5000) + "\",\"passcode\":\"123456\"}" },
        { "an unknown id", "{\"registrationId\":\"no-such-registration\",\"passcode\":\"123456\"}" },
        { "a null byte", "{\"registrationId\":\"a\\u0000b\",\"passcode\":\"123456\"}" },
    };

    [Theory]
    [MemberData(nameof(BadVerifications))]
    public async Task R6_a_bad_passcode_check_gets_a_400_problem(string what, string json)
    {
        var clinic = await App.OpenRegistrationClinicAsync();
        using var client = await App.AnonymousClientAsync();

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, VerifyUrl(clinic), json);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Code.ShouldNotBeNullOrEmpty(what);
        (await App.CountAsync("select count(*) from registration.patients where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0, what);
        App.Logs.Errors.ShouldBeEmpty(what);
    }

    public static TheoryData<string, string, string> BadReviews => new()
    {
        { "merge", "not JSON", "{\"patientId\": " },
        { "merge", "no chart", "{}" },
        { "merge", "a chart id that is not a uuid", "{\"patientId\":\"abc\"}" },
        { "merge", "a number for the chart", "{\"patientId\":12}" },
        { "reject", "no reason", "{}" },
        { "reject", "a blank reason", "{\"reason\":\"   \"}" },
        { "reject", "a 501-character reason", "{\"reason\":\"" + new string('r', 501) + "\"}" },
        { "reject", "a number for the reason", "{\"reason\":5}" },
        { "reject", "a lone surrogate", "{\"reason\":\"a\\ud800b\"}" },
    };

    [Theory]
    [MemberData(nameof(BadReviews))]
    public async Task R6_a_bad_review_gets_a_400_problem_and_leaves_the_registration_pending(string decision, string what, string json)
    {
        var clinic = await App.OpenRegistrationClinicAsync();
        using var client = await App.AnonymousClientAsync();
        var person = await client.RegisterAsync(fixture, clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = (await staff.PendingAsync(clinic, person.HealthNumber)).GetProperty("id").GetGuid();

        using var response = await staff.SendRawJsonAsync(HttpMethod.Post, ReviewUrl(clinic, id, decision), json);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await App.QuerySingleAsync<string>("select status from registration.self_registrations where id = @id", new { id })).ShouldBe("pending_review", what);
        App.Logs.Errors.ShouldBeEmpty(what);
    }

    [Theory]
    [InlineData("?status=deleted")]
    [InlineData("?status=awaiting_passcode")]
    [InlineData("?status=%00")]
    public async Task R6_a_bad_queue_status_gets_a_400_problem(string query)
    {
        var clinic = await App.OpenRegistrationClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.GetAsync($"/api/clinics/{clinic.Slug}/registrations{query}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("reject")]
    [InlineData("merge")]
    public async Task R6_an_unknown_registration_gets_a_404_problem(string decision)
    {
        var clinic = await App.OpenRegistrationClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.PostJsonAsync(ReviewUrl(clinic, Guid.NewGuid(), decision), new { reason = "x", patientId = Guid.NewGuid() });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "registration_not_found");
    }
}
