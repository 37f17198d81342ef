using Portal.TestKit.Peers;

namespace Portal.Notifications.Tests;

/// <summary>Each test owns its host and database, since it breaks the database under the dispatcher.</summary>
public sealed class PassingFailureTests
{
    private static readonly TimeZoneInfo Toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    [Fact]
    public async Task R3_a_database_error_during_the_quiet_hours_lookup_is_retried_with_back_off_and_the_sms_goes_out_once_the_database_recovers()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var app = await PortalApp.StartAsync(NotificationHost.Options(smtp, twilio));
        var clinic = await app.CreateClinicAsync();
        MoveClockToMiddayInToronto(app.Clock);
        var phone = "+1613559" + Random.Shared.Next(1000, 9999);

        // The lookup's table is briefly gone, as it would be to a host that lost its database mid-query.
        await app.ExecuteAsync("alter table notifications.quiet_hours rename to quiet_hours_away");
        var ids = await app.EnqueueAsync(Notifications.Reminder(clinic.Id, NotificationChannels.Sms, phone: phone));
        var tried = await app.WaitForAsync(ids, row => row.AttemptCount == 1 && row.State is "pending" or "failed");
        await app.ExecuteAsync("alter table notifications.quiet_hours_away rename to quiet_hours");

        tried[0].State.ShouldBe("pending", "a database error is not the provider's verdict on the notification");
        tried[0].LastError.ShouldNotBeNull().ShouldContain("quiet_hours");
        tried[0].DataErased.ShouldBeFalse();
        (tried[0].NotBefore - app.Clock.GetUtcNow()).ShouldBeInRange(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(80));
        twilio.Messages.ShouldNotContain(m => m.To == phone);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var sent = await app.WaitForAsync(ids, row => row.State is "sent" or "failed");

        sent[0].State.ShouldBe("sent");
        sent[0].AttemptCount.ShouldBe(2);
        twilio.Messages.Count(m => m.To == phone).ShouldBe(1);
        (await app.QueryAsync<string>("select outcome from notifications.attempts where notification_id = @id order by attempt", new { id = ids[0] }))
            .ShouldBe(["retry", "sent"]);
    }

    private static void MoveClockToMiddayInToronto(ManualClock clock)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, Toronto);
        var noon = local.Date.AddHours(12);
        var target = new DateTimeOffset(noon, Toronto.GetUtcOffset(noon));
        if (target <= now)
        {
            target = target.AddDays(1);
        }

        clock.Advance(target - now);
    }
}
