using System.Net;
using System.Text.Json;

namespace Portal.Shared.Tests;

public sealed class PlatformHttpTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Health_live_and_ready_answer_200_when_the_database_answers()
    {
        using var client = App.CreateClient();
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        await live.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_settings_and_staff_sign_in_operations()
    {
        using var client = App.CreateClient();
        var document = await client.GetJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => op.Value.GetProperty("operationId").GetString()))
            .ToList();

        operations.ShouldContain("GetPortalSettings");
        operations.ShouldContain("SavePortalSettings");
        operations.ShouldContain("UploadBackgroundImage");
        operations.ShouldContain("StaffSignIn");
        operations.ShouldContain("OperatorSignIn");
        operations.ShouldContain("StaffSignOut");
        var save = document.GetProperty("paths").GetProperty("/api/clinics/{clinic}/settings/portal").GetProperty("put");
        save.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["200", "400", "401", "403", "404", "409", "413", "415", "500"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("/api/clinics/no-such-clinic/portal")]
    [InlineData("/api/clinics/no-such-clinic/settings/portal")]
    [InlineData("/api/clinics/NOT_A_SLUG/portal")]
    [InlineData("/api/clinics/admin/portal")]
    public async Task Unknown_or_malformed_clinic_addresses_are_404_problems(string path)
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(path);
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "clinic_not_found");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/antiforgery")]
    [InlineData("/api/clinics/no-such-clinic/portal")]
    [InlineData("/nothing/here/at/all")]
    public async Task H1_every_response_carries_nosniff_a_frame_blocking_csp_and_no_referrer(string path)
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(path);

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'self'");
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
    }

    [Fact]
    public async Task H1_hsts_of_at_least_a_year_is_sent_on_https_outside_development()
    {
        using var client = App.CreateClient();
        using var response = await client.SendAsync(HttpMethod.Get, "/health/live", configure: request =>
            request.Headers.Add("X-Forwarded-Proto", "https"));

        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        var maxAge = int.Parse(hsts.Split(';')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        maxAge.ShouldBeGreaterThanOrEqualTo(365 * 24 * 3600);
    }

    [Fact]
    public async Task Api_answers_are_never_cached()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/api/antiforgery");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task C5_state_changing_json_request_without_a_valid_antiforgery_token_is_refused(string? token)
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        client.SendsAntiforgeryToken = false;
        using var response = await client.SendAsync(
            HttpMethod.Post,
            $"/api/clinics/{clinic.Slug}/staff/sign-in",
            System.Net.Http.Json.JsonContent.Create(new { email = clinic.Owner.Email, password = clinic.Owner.Password }),
            request =>
            {
                if (token is not null)
                {
                    request.Headers.Add("X-CSRF-TOKEN", token);
                }
            });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        SetCookie.From(response).ShouldNotContain(c => c.Name == "__Host-portal-staff");
    }

    [Fact]
    public async Task C5_a_token_issued_with_another_browsers_cookie_is_refused()
    {
        var clinic = await App.CreateClinicAsync();
        using var attacker = await App.AnonymousClientAsync();
        using var victim = App.CreateClient();
        await victim.SignInAsync(clinic, clinic.Owner);
        victim.AntiforgeryToken = attacker.AntiforgeryToken;

        using var response = await victim.DeleteAsync($"/api/clinics/{clinic.Slug}/settings/stripe");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
    }
}

public sealed class HealthWithoutDatabaseTests
{
    [Fact]
    public async Task Ready_answers_503_while_the_database_is_unreachable_and_200_when_it_is_back_while_live_stays_200()
    {
        await using var app = await PortalApp.StartAsync();
        using var client = app.CreateClient();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString).Database;

        await SetConnectionsAllowedAsync(database!, allowed: false);
        try
        {
            using var live = await client.GetAsync("/health/live");
            using var ready = await client.GetAsync("/health/ready");
            await live.ShouldHaveStatusAsync(HttpStatusCode.OK);
            await ready.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await SetConnectionsAllowedAsync(database!, allowed: true);
        }

        using var readyAgain = await client.GetAsync("/health/ready");
        await readyAgain.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>Refuses (or allows again) new connections to the database and drops the open ones, as an outage would.</summary>
    private static async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        var server = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabases.ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"alter database {database} allow_connections {(allowed ? "true" : "false")}; " +
            $"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}' and pid <> pg_backend_pid()",
            connection);
        await command.ExecuteNonQueryAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}

public sealed class DevelopmentHeadersTests
{
    [Fact]
    public async Task H1_hsts_is_left_out_in_development()
    {
        await using var app = await PortalApp.StartAsync(new PortalAppOptions { Environment = "Development" });
        using var client = app.CreateClient();
        using var response = await client.SendAsync(HttpMethod.Get, "/health/live", configure: request =>
            request.Headers.Add("X-Forwarded-Proto", "https"));

        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}
