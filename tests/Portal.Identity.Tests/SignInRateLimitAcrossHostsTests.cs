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
        var hosts = await Task.WhenAll(
            HostProcess.StartAsync(app.ConnectionString, app.FilesRoot, settings),
            HostProcess.StartAsync(app.ConnectionString, app.FilesRoot, settings));
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
}
