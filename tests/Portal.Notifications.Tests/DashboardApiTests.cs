using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Notifications.Tests;

public sealed class DashboardApiTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private PortalApp App => host.App;

    private static readonly string[] DashboardPages = ["/admin/hangfire", "/admin/hangfire/", "/admin/hangfire/recurring", "/admin/hangfire/jobs/succeeded", "/admin/hangfire/servers"];

    [Fact]
    public async Task Operators_open_the_hangfire_dashboard_and_see_the_four_recurring_jobs()
    {
        using var client = await OperatorAsync();

        foreach (var page in DashboardPages)
        {
            using var response = await client.GetAsync(page);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            // Hangfire's page, not the web app's, which answers the rest of /admin.
            (await response.Content.ReadAsStringAsync()).ShouldContain("hangfireConfig", customMessage: page);
            response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldContain("script-src 'self';");
        }

        var recurring = await (await client.GetAsync("/admin/hangfire/recurring")).Content.ReadAsStringAsync();
        foreach (var job in new[] { "identity.passcode-expiry", "notifications.dispatch", "notifications.retention", "settings.unused-background-images" })
        {
            recurring.ShouldContain(job);
        }

        using var stats = await client.SendAsync(HttpMethod.Post, "/admin/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "succeeded:count")]));
        await stats.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await stats.ReadJsonAsync()).TryGetProperty("succeeded:count", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A4_clinic_owners_staff_and_anonymous_visitors_are_refused_every_dashboard_address()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var anonymous = await App.AnonymousClientAsync();
        var audited = await JobAuditCountAsync();
        var addresses = DashboardPages.Concat(["/admin/hangfire/stats", "/admin/hangfire/jobs/details/1"]);

        foreach (var (client, refused) in new[] { (owner, HttpStatusCode.Forbidden), (staff, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            foreach (var address in addresses)
            {
                using var get = await client.GetAsync(address);
                get.StatusCode.ShouldBe(refused, address);
            }

            using var stats = await client.SendAsync(HttpMethod.Post, "/admin/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "succeeded:count")]));
            stats.StatusCode.ShouldBe(refused, "stats");
            using var trigger = await client.SendAsync(HttpMethod.Post, "/admin/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "notifications.retention")]));
            trigger.StatusCode.ShouldBe(refused, "trigger");
        }

        (await JobAuditCountAsync()).ShouldBe(audited);
    }

    [Fact]
    public async Task A4_a_dashboard_action_without_the_antiforgery_token_is_refused()
    {
        using var client = await OperatorAsync();
        client.SendsAntiforgeryToken = false;
        var audited = await JobAuditCountAsync();

        using var trigger = await client.SendAsync(HttpMethod.Post, "/admin/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "notifications.retention")]));

        await trigger.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        (await JobAuditCountAsync()).ShouldBe(audited);
    }

    [Fact]
    public async Task An_operator_triggering_a_recurring_job_runs_it_and_is_audited_as_the_actor()
    {
        var who = await App.CreateOperatorAsync();
        using var client = App.CreateClient();
        await client.SignInAsOperatorAsync(who);
        var storage = App.Services.GetRequiredService<JobStorage>();
        var before = storage.GetMonitoringApi().SucceededListCount();

        using var trigger = await client.SendAsync(HttpMethod.Post, "/admin/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "settings.unused-background-images")]));

        await trigger.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        var audited = await App.QueryAsync<(string Action, string ActorKind, Guid? ActorId, string TargetType, string TargetId)>(
            "select action, actor_kind, actor_id, target_type, target_id from platform.audit_log where action like 'jobs.%' and actor_id = @id", new { id = who.Id });
        audited.ShouldBe([("jobs.triggered", "operator", who.Id, "recurring_job", "settings.unused-background-images")]);
        await Eventually.ReturnsAsync(
            () => Task.FromResult(storage.GetMonitoringApi().SucceededJobs(0, 50)),
            jobs => jobs.Any(job => job.Value.Job.Type.Name == "UnusedBackgroundImagesJob"),
            _ => $"The triggered job did not succeed ({before} succeeded before).");
    }

    [Fact]
    public async Task A4_only_operators_reach_the_notification_queue()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = App.CreateClient();
        await owner.SignInAsync(clinic, clinic.Owner);
        using var anonymous = App.CreateClient();

        foreach (var path in new[] { "/api/operator/notifications", "/api/operator/notifications/summary" })
        {
            using var asOwner = await owner.GetAsync(path);
            using var asNobody = await anonymous.GetAsync(path);
            await asOwner.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await asNobody.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Operators_see_failed_notifications_without_their_content_retry_one_and_it_is_sent()
    {
        using var client = await OperatorAsync();
        host.Twilio.Failure = new Portal.TestKit.Peers.TwilioFailure(400, 21211, "The 'To' number is not a valid phone number.");
        IReadOnlyList<Guid> ids;
        try
        {
            ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: "+16135559876"));
            await App.WaitForAsync(ids, row => row.State == "failed");
        }
        finally
        {
            host.Twilio.Failure = null;
        }

        var failed = await client.GetJsonAsync<JsonElement>("/api/operator/notifications?state=failed");
        var item = failed.EnumerateArray().Single(n => n.GetProperty("id").GetGuid() == ids[0]);
        item.GetProperty("recipient").GetString().ShouldBe("+1•••••••876");
        item.GetProperty("lastError").GetString()!.ShouldContain("21211");
        failed.GetRawText().ShouldNotContain("portal.example");
        var summary = await client.GetJsonAsync<JsonElement>("/api/operator/notifications/summary");
        summary.GetProperty("counts").EnumerateArray()
            .ShouldContain(count => count.GetProperty("state").GetString() == "failed" && count.GetProperty("channel").GetString() == "sms");

        using (var retried = await client.SendAsync(HttpMethod.Post, $"/api/operator/notifications/{ids[0]}/retry"))
        {
            await retried.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await retried.ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("pending");
        }

        await App.WaitForAsync(ids, row => row.State == "sent");
        using var again = await client.SendAsync(HttpMethod.Post, $"/api/operator/notifications/{ids[0]}/retry");
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_failed");
    }

    [Fact]
    public async Task Operators_send_a_test_email_and_sms_to_a_number_written_as_patients_write_theirs()
    {
        using var client = await OperatorAsync();
        var email = $"ops-{Guid.NewGuid():N}@portal.test";

        using (var mail = await client.PostJsonAsync("/api/operator/notifications/test", new { channel = "email", to = email, language = "fr" }))
        {
            await mail.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        using (var sms = await client.PostJsonAsync("/api/operator/notifications/test", new { channel = "sms", to = "+16135550199", language = "en" }))
        {
            await sms.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        // Written as on a patient's chart: the same phone rule, stored and sent as E.164.
        using (var local = await client.PostJsonAsync("/api/operator/notifications/test", new { channel = "sms", to = "(613) 555-0188", language = "en" }))
        {
            await local.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        foreach (var wrong in new[] { "555-0199", "+0613555019", "613-555-0199 ext 2" })
        {
            using var bad = await client.PostJsonAsync("/api/operator/notifications/test", new { channel = "sms", to = wrong, language = "en" });
            (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors!.ShouldContainKey("to");
        }

        var received = await host.Smtp.WaitForAsync(m => m.Recipients.Contains(email), Notifications.Patience);
        received.Subject.ShouldBe("Message d'essai de Portal");
        await host.Twilio.WaitForAsync(m => m.To == "+16135550199" && m.Body == "Portal test message: SMS delivery works.", Notifications.Patience);
        await host.Twilio.WaitForAsync(m => m.To == "+16135550188", Notifications.Patience);
    }

    private Task<long> JobAuditCountAsync() => App.QuerySingleAsync<long>("select count(*) from platform.audit_log where action like 'jobs.%'");

    private async Task<PortalClient> OperatorAsync()
    {
        var client = App.CreateClient();
        await client.SignInAsOperatorAsync(await App.CreateOperatorAsync());
        return client;
    }
}
