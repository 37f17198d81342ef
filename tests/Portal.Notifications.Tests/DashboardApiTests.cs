using System.Net;
using System.Text.Json;

namespace Portal.Notifications.Tests;

public sealed class DashboardApiTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private PortalApp App => host.App;

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
    public async Task Operators_send_a_test_email_and_sms()
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

        using var bad = await client.PostJsonAsync("/api/operator/notifications/test", new { channel = "sms", to = "613-555-0199", language = "en" });
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors!.ShouldContainKey("to");
        var received = await host.Smtp.WaitForAsync(m => m.Recipients.Contains(email), Notifications.Patience);
        received.Subject.ShouldBe("Message d'essai de Portal");
        await host.Twilio.WaitForAsync(m => m.To == "+16135550199" && m.Body == "Portal test message: SMS delivery works.", Notifications.Patience);
    }

    private async Task<PortalClient> OperatorAsync()
    {
        var client = App.CreateClient();
        await client.SignInAsOperatorAsync(await App.CreateOperatorAsync());
        return client;
    }
}
