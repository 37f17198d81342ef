using System.Net;

namespace Portal.Shared.Tests;

/// <summary>A wrong method at an address that exists answers 405 with the methods it accepts; an address that exists under no method stays 404.</summary>
public sealed class MethodNotAllowedTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Theory]
    [InlineData("GET", "/api/clinics/{clinic}/portal/sign-in", "POST")]
    [InlineData("GET", "/api/staff/sign-out", "POST")]
    [InlineData("DELETE", "/api/clinics/{clinic}/patients/{id}", "GET, PUT")]
    [InlineData("PUT", "/api/clinics/{clinic}/portal/me/sessions/{id}", "DELETE")]
    [InlineData("PATCH", "/api/operator/notifications/{id}/retry", "POST")]
    [InlineData("POST", "/api/clinics/{clinic}/patients/{id}/history", "GET")]
    [InlineData("DELETE", "/api/antiforgery", "GET")]
    [InlineData("POST", "/openapi/v1.json", "GET")]
    public async Task Wrong_method_answers_405_problem_with_the_allowed_methods_even_without_an_antiforgery_token(string method, string path, string allow)
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        client.SendsAntiforgeryToken = false;

        using var response = await client.SendAsync(new HttpMethod(method), Concrete(path, clinic.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        response.Content.Headers.Allow.ShouldBe(allow.Split(", "));
    }

    [Fact]
    public async Task Wrong_method_at_a_clinic_page_answers_405_allowing_get()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        client.SendsAntiforgeryToken = false;

        using var response = await client.SendAsync(HttpMethod.Post, $"/{clinic.Slug}/");

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        response.Content.Headers.Allow.ShouldBe(["GET"]);
    }

    [Theory]
    [InlineData("GET", "/api/nothing/here")]
    [InlineData("POST", "/api/nothing/here")]
    [InlineData("DELETE", "/api/clinics/{clinic}/patients/not-a-guid")]
    [InlineData("GET", "/api/clinics/{clinic}/patients/not-a-guid")]
    public async Task Address_that_exists_under_no_method_stays_404(string method, string path)
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        client.SendsAntiforgeryToken = false;

        using var response = await client.SendAsync(new HttpMethod(method), Concrete(path, clinic.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        response.Content.Headers.Contains("Allow").ShouldBeFalse();
    }

    [Fact]
    public async Task Right_method_still_reaches_the_endpoint_and_its_checks()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        client.SendsAntiforgeryToken = false;

        using var post = await client.SendAsync(HttpMethod.Post, $"/api/clinics/{clinic.Slug}/portal/sign-in");
        using var get = await client.GetAsync($"/api/clinics/{clinic.Slug}/patients");

        await post.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        await get.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    private static string Concrete(string path, string clinic) =>
        path.Replace("{clinic}", clinic, StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
}
