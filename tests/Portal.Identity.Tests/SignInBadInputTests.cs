using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Identity.Tests;

public sealed class SignInBadInputTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "application/json", "{\"email\": \"owner@x.test\", \"password\": " },
        { "application/json", "[]" },
        { "application/json", "null" },
        { "application/json", "\"just a string\"" },
        { "application/json", "{}" },
        { "application/json", "{\"email\": \"owner@x.test\"}" },
        { "application/json", "{\"email\": null, \"password\": \"x\"}" },
        { "application/json", "{\"email\": 42, \"password\": true}" },
        { "application/json", "{\"email\": {\"$ne\": null}, \"password\": [\"x\"]}" },
        { "application/json", "{\"email\": \"a\\u0000b@x.test\", \"password\": \"pw\"}" },
        { "application/json", "{\"email\": \"\\ud800@x.test\", \"password\": \"pw\"}" },
        { "application/json", "{\"email\": \"" + new string('a', 5000) + "@x.test\", \"password\": \"pw\"}" },
        { "application/json", "{\"email\": \"owner@x.test\", \"password\": \"" + new string('p', 2000) + "\"}" },
        { "application/json", "{\"email\": \"\", \"password\": \"\"}" },
        { "application/json", "" },
        { "text/plain", "email=owner@x.test&password=pw" },
        { "application/x-www-form-urlencoded", "email=owner%40x.test&password=pw" },
        { "application/json", "{\"email\": \"" + new string('a', 300_000) + "\", \"password\": \"pw\"}" },
    };

    /// <summary>Every value of a good sign-in of the wrong type.</summary>
    public static TheoryData<string, string> WrongTypes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (_, json) in BadJson.Mutations(JsonNode.Parse("{\"email\": \"owner@x.test\", \"password\": \"pw\"}")!))
            {
                data.Add("application/json", json);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_bad_sign_in_requests_get_a_4xx_problem_and_sign_nobody_in(string contentType, string body)
    {
        var app = fixture.App;
        var clinic = await app.CreateClinicAsync();
        using var client = app.CreateClient();
        foreach (var path in new[] { $"/api/clinics/{clinic.Slug}/staff/sign-in", "/api/operator/sign-in", "/api/staff/setup" })
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType + "; charset=utf-8");
            using var response = await client.SendAsync(HttpMethod.Post, path, content);

            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{path} answered {(int)response.StatusCode}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            SetCookie.From(response).ShouldNotContain(c => c.Name == "__Host-portal-staff");
        }

        (await app.QuerySingleAsync<long>("select count(*) from identity.staff_sessions")).ShouldBe(0);
        app.Logs.Errors.ShouldBeEmpty();
    }
}
