using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static Portal.Identity.Tests.PatientLinkApi;

namespace Portal.Identity.Tests;

public sealed class PatientLinkBadInputTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private const string ValidVerify =
        "{\"token\": \"TOKEN\", \"passcode\": \"PASSCODE\", \"idType\": null, \"idNumber\": null, \"dateOfBirth\": \"1984-03-09\", \"stayLoggedIn\": false}";

    public static TheoryData<string, string> BadBodies => new()
    {
        { "state", "{\"token\": " },
        { "verify", "[]" },
        { "resend", "null" },
        { "state", "\"just a string\"" },
        { "verify", "{}" },
        { "resend", "{}" },
        { "state", "{\"token\": null}" },
        { "state", "{\"token\": \"\"}" },
        { "resend", "{\"token\": \"" + new string('a', 5000) + "\"}" },
        { "verify", "{\"token\": \"TOKEN\", \"passcode\": \"12345\", \"dateOfBirth\": \"1984-03-09\", \"stayLoggedIn\": false}" },
        { "verify", "{\"token\": \"TOKEN\", \"passcode\": \"12345x\", \"dateOfBirth\": \"1984-03-09\", \"stayLoggedIn\": false}" },
        { "verify", "{\"token\": \"TOKEN\", \"passcode\": \"PASSCODE\", \"dateOfBirth\": \"1984-02-30\", \"stayLoggedIn\": false}" },
        { "verify", "{\"token\": \"TOKEN\", \"passcode\": \"PASSCODE\", \"dateOfBirth\": \"09/03/1984\", \"stayLoggedIn\": false}" },
        { "verify", "{\"token\": \"TOKEN\", \"passcode\": \"PASSCODE\", \"stayLoggedIn\": false}" },
        { "verify", "{\"token\": \"TOKEN\", \"idType\": \"" + new string('O', 200) + "\", \"idNumber\": \"1\", \"dateOfBirth\": \"1984-03-09\", \"stayLoggedIn\": false}" },
        { "verify", "{\"token\": \"T\\u0000OKEN\", \"passcode\": \"PASSCODE\", \"dateOfBirth\": \"1984-03-09\", \"stayLoggedIn\": false}" },
        { "state", "{\"token\": \"\\ud800\"}" },
        { "resend", "" },
    };

    public static TheoryData<string, string> WrongTypes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (_, json) in BadJson.Mutations(JsonNode.Parse(ValidVerify)!))
            {
                data.Add("verify", json);
            }

            foreach (var (_, json) in BadJson.Mutations(JsonNode.Parse("{\"token\": \"TOKEN\"}")!))
            {
                data.Add("state", json);
                data.Add("resend", json);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_bad_link_requests_get_a_4xx_problem_and_change_nothing(string endpoint, string body)
    {
        var app = fixture.App;
        var clinic = await app.OpenClinicAsync();
        var patient = await app.AddPatientAsync(clinic);
        var link = await app.IssueLinkAsync(patient);
        var before = await LinkRowAsync(app, patient);
        using var client = await app.AnonymousClientAsync();
        var path = endpoint switch { "state" => StateUrl(clinic), "verify" => LinkVerifyUrl(clinic), _ => ResendUrl(clinic) };
        var content = new StringContent(body.Replace("TOKEN", link.Token, StringComparison.Ordinal).Replace("PASSCODE", link.Passcode, StringComparison.Ordinal), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        using var response = await client.SendAsync(HttpMethod.Post, path, content);

        ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{path} answered {(int)response.StatusCode}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        client.Cookies.ShouldNotContainKey("__Host-portal-patient");
        (await LinkRowAsync(app, patient)).ShouldBe(before);
        (await app.QuerySingleAsync<long>("select count(*) from identity.patient_sessions where patient_id = @Id", new { patient.Id })).ShouldBe(0);
        app.Logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task C5_link_requests_without_the_antiforgery_token_are_refused()
    {
        var app = fixture.App;
        var clinic = await app.OpenClinicAsync();
        var patient = await app.AddPatientAsync(clinic);
        var link = await app.IssueLinkAsync(patient);
        using var client = app.CreateClient();
        client.SendsAntiforgeryToken = false;

        using var verify = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode);
        using var resend = await client.ResendLinkPasscodeAsync(clinic, link.Token);

        await verify.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        await resend.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        (await LinkRowAsync(app, patient)).ShouldContain("wrong=0");
    }

    private static async Task<string> LinkRowAsync(PortalApp app, TestPatient patient) =>
        await app.QuerySingleAsync<string>(
            "select format('wrong=%s ended=%s hash=%s', wrong_attempts, ended_at, encode(passcode_hash, 'hex')) from identity.patient_links where patient_id = @Id",
            new { patient.Id });
}
