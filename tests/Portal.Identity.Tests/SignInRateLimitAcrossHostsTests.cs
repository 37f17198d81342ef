using System.Net;

namespace Portal.Identity.Tests;

public sealed class SignInRateLimitAcrossHostsTests
{
    [Fact]
    public async Task R7_the_per_address_sign_in_limit_holds_across_two_host_processes_on_one_database()
    {
        await using var app = await PortalApp.StartAsync();
        var clinic = await app.CreateClinicAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Portal:RateLimits:SignInPerMinute"] = "4",
            ["Portal:Jobs:Enabled"] = "false",
        };
        var hosts = await HostProcess.StartSeveralAsync(2, app.ConnectionString, app.FilesRoot, settings);
        await using var first = hosts[0];
        await using var second = hosts[1];
        using var atFirst = new PortalClient(first.BaseAddress);
        using var atSecond = new PortalClient(second.BaseAddress);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 8; i++)
        {
            last?.Dispose();
            var client = i % 2 == 0 ? atFirst : atSecond;
            last = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password });
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([
            HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests,
        ]);
        using var rejected = last!;
        var problem = await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        problem.Detail.ShouldNotBeNull().ShouldContain("seconds");
        rejected.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task R7_a_limited_address_is_let_in_again_when_its_window_ends_and_ended_windows_are_tidied_away()
    {
        var options = new PortalAppOptions();
        options.Settings["Portal:RateLimits:SignInPerMinute"] = "2";
        await using var app = await PortalApp.StartAsync(options);
        var clinic = await app.CreateClinicAsync();
        using var client = app.CreateClient();
        async Task<HttpStatusCode> SignInAsync()
        {
            using var response = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password });
            return response.StatusCode;
        }

        (await SignInAsync()).ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        (await SignInAsync()).ShouldBe(HttpStatusCode.OK);
        using (var refused = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            // The window counts from the first sign-in: 40 s are left, less the real time the sign-ins took (the clock keeps running).
            refused.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(41));
        }

        await app.ExecuteAsync(
            "insert into platform.rate_limit_counters (key, window_ends, hits) values ('sign-in:192.0.2.1', @ended, 9)",
            new { ended = app.Clock.GetUtcNow() - TimeSpan.FromMinutes(5) });
        app.Clock.Advance(TimeSpan.FromSeconds(41));

        (await SignInAsync()).ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync<string>("select key from platform.rate_limit_counters")).ShouldBe(["sign-in:127.0.0.1"]);
    }
}
