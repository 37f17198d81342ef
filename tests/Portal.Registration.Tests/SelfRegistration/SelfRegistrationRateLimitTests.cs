using System.Net;
using static Portal.Registration.Tests.SelfRegistration.SelfRegistrationApi;

namespace Portal.Registration.Tests.SelfRegistration;

public sealed class SelfRegistrationRateLimitTests
{
    [Fact]
    public async Task R7_the_per_address_limit_on_both_registration_endpoints_holds_across_two_host_processes_on_one_database()
    {
        await using var app = await PortalApp.StartAsync();
        var clinic = await app.OpenRegistrationClinicAsync();
        // The owner's sign-in to set the clinic up counted against this address; the test starts from zero.
        await app.ExecuteAsync("delete from platform.rate_limit_counters");
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
            last = i < 4
                ? await client.StartAsync(clinic, Form())
                : await client.PostJsonAsync(VerifyUrl(clinic), new { registrationId = "unknown", passcode = "123456" });
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([
            HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests,
        ]);
        using var rejected = last!;
        await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        rejected.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        (await app.CountAsync("select count(*) from registration.self_registrations where clinic_id = @id", new { id = clinic.Id })).ShouldBe(4);
    }
}
