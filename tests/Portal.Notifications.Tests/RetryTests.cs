using Portal.TestKit.Peers;

namespace Portal.Notifications.Tests;

/// <summary>Each test owns its SMTP server and Twilio stand-in, since it takes them down.</summary>
public sealed class RetryTests
{
    [Fact]
    public async Task R3_with_the_smtp_server_down_and_twilio_failing_notifications_wait_and_retry_with_growing_delays_then_go_out_when_they_recover()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var app = await PortalApp.StartAsync(NotificationHost.Options(smtp, twilio));
        await smtp.StopAsync();
        twilio.Failure = new TwilioFailure(500, 20500, "Internal Server Error");

        var ids = await app.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.EmailAndSms));
        var firstTry = await app.WaitForAsync(ids, row => row.AttemptCount == 1 && row.State == "pending");
        var firstDelay = firstTry.Min(row => row.NotBefore) - app.Clock.GetUtcNow();
        firstTry.ShouldAllBe(row => row.LastError != null && !row.DataErased);
        firstDelay.ShouldBeInRange(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(80));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var secondTry = await app.WaitForAsync(ids, row => row.AttemptCount == 2 && row.State == "pending");
        var secondDelay = secondTry.Min(row => row.NotBefore) - app.Clock.GetUtcNow();
        secondDelay.ShouldBeGreaterThan(firstDelay);

        await smtp.RestartAsync();
        twilio.Failure = null;
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var delivered = await app.WaitForAsync(ids, row => row.State == "sent");

        delivered.ShouldAllBe(row => row.AttemptCount == 3);
        smtp.Messages.Count(m => m.Recipients.Contains("patient@clinic.test")).ShouldBe(1);
        twilio.Messages.Count.ShouldBe(1);
        (await app.QueryAsync<string>("select outcome from notifications.attempts where notification_id = any(@ids) order by attempt, outcome", new { ids = ids.ToArray() }))
            .ShouldBe(["retry", "retry", "retry", "retry", "sent", "sent"]);
    }

    [Fact]
    public async Task R3_after_its_last_attempt_a_notification_shows_as_failed_with_its_last_error()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var twilio = await TwilioStandIn.StartAsync();
        var options = NotificationHost.Options(smtp, twilio);
        options.Settings["Notifications:Dispatch:MaxAttempts"] = "3";
        options.Settings["Notifications:Dispatch:RetryBaseDelay"] = "00:00:00.500";
        options.Settings["Notifications:Dispatch:RetryMaxDelay"] = "00:00:01";
        await using var app = await PortalApp.StartAsync(options);
        await smtp.StopAsync();

        var ids = await app.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Email));

        var failed = await app.WaitForAsync(ids, row => row.State == "failed");

        failed[0].AttemptCount.ShouldBe(3);
        failed[0].LastError!.ShouldContain("SMTP");
        failed[0].DataErased.ShouldBeFalse("a failed notification keeps its data so that an operator can retry it");
        smtp.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task R3_an_smtp_server_that_stops_answering_mid_message_frees_the_send_within_the_timeout_and_the_email_is_retried()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var twilio = await TwilioStandIn.StartAsync();
        var options = NotificationHost.Options(smtp, twilio);
        options.Settings["Notifications:Email:Timeout"] = "00:00:02";
        await using var app = await PortalApp.StartAsync(options);
        smtp.DelayPerMessage = TimeSpan.FromHours(1);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var ids = await app.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Email));
        var firstTry = await app.WaitForAsync(ids, row => row.AttemptCount == 1 && row.State != "sending", TimeSpan.FromSeconds(15));

        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        firstTry[0].State.ShouldBe("pending");
        firstTry[0].LastError!.ShouldContain("no answer");
        smtp.Messages.ShouldBeEmpty();

        smtp.DelayPerMessage = TimeSpan.Zero;
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var delivered = await app.WaitForAsync(ids, row => row.State == "sent");

        delivered[0].AttemptCount.ShouldBe(2);
        smtp.Messages.ShouldHaveSingleItem().MessageId.ShouldBe($"<{ids[0]}@127.0.0.1>");
    }
}
