using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestKit.Peers;

namespace Portal.Notifications.Tests;

public sealed class SmsTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private PortalApp App => host.App;

    [Fact]
    public async Task An_sms_goes_to_twilio_as_its_api_documents_and_signed_delivery_reports_only_move_its_status_forward()
    {
        var phone = "+1613555" + Random.Shared.Next(1000, 9999);
        var ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: phone, language: "fr"));

        var message = await host.Twilio.WaitForAsync(m => m.To == phone, Notifications.Patience);
        var rows = await App.WaitForAsync(ids, row => row.State == "sent");

        host.Twilio.Rejections.ShouldBeEmpty();
        message.Body.ShouldBe("Quelque chose vous attend : https://portal.example/c/m/1");
        message.From.ShouldBe("+15005550006");
        message.StatusCallback!.ToString().ShouldBe($"{App.BaseAddress.GetLeftPart(UriPartial.Authority)}/api/notifications/twilio/status?n={ids[0]}");
        rows[0].ProviderMessageId.ShouldBe(message.Sid);

        foreach (var (status, expected) in new[] { ("sent", "sent"), ("delivered", "delivered"), ("sent", "delivered"), ("queued", "delivered") })
        {
            using var report = await host.Twilio.SendStatusCallbackAsync(message, status);
            report.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await App.OutboxAsync(ids))[0].ProviderStatus.ShouldBe(expected, $"after a late '{status}' report");
        }
    }

    [Fact]
    public async Task Delivery_states_read_queued_then_sent_then_delivered_or_failed_with_the_providers_reason_and_a_masked_recipient()
    {
        var phone = "+1613557" + Random.Shared.Next(1000, 9999);
        var held = Notifications.Reminder(null, NotificationChannels.Email) with { NotBefore = DateTimeOffset.UtcNow.AddDays(1) };
        var heldIds = await App.EnqueueAsync(held);
        var ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: phone));
        var message = await host.Twilio.WaitForAsync(m => m.To == phone, Notifications.Patience);
        await App.WaitForAsync(ids, row => row.State == "sent");

        var before = await DeliveriesAsync([heldIds[0], ids[0], Guid.NewGuid()]);
        before.Select(d => (d.Channel, d.State)).ShouldBe([("email", "queued"), ("sms", "sent")]);
        before[1].Recipient.ShouldNotContain(phone[2..^2]);

        using (var delivered = await host.Twilio.SendStatusCallbackAsync(message, "delivered"))
        {
            delivered.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await DeliveriesAsync(ids))[0].State.ShouldBe("delivered");
        var byKey = await App.InScopeAsync(services => services.GetRequiredService<INotificationDeliveries>()
            .GetByKeysAsync([held.DeduplicationKey, "no such key"], CancellationToken.None));
        byKey.Select(d => (d.Id, d.DeduplicationKey, d.State)).ShouldBe([(heldIds[0], held.DeduplicationKey, "queued")]);

        var lost = "+1613558" + Random.Shared.Next(1000, 9999);
        var lostIds = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: lost));
        var lostMessage = await host.Twilio.WaitForAsync(m => m.To == lost, Notifications.Patience);
        await App.WaitForAsync(lostIds, row => row.State == "sent");
        using (var undelivered = await host.Twilio.SendStatusCallbackAsync(lostMessage, "undelivered", errorCode: "30003"))
        {
            undelivered.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var failed = (await DeliveriesAsync(lostIds))[0];
        failed.State.ShouldBe("failed");
        failed.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task W4_a_delivery_report_without_twilios_signature_is_refused_with_403_and_changes_nothing()
    {
        var phone = "+1613556" + Random.Shared.Next(1000, 9999);
        var ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: phone));
        var message = await host.Twilio.WaitForAsync(m => m.To == phone, Notifications.Patience);
        await App.WaitForAsync(ids, row => row.State == "sent");

        using var forged = await host.Twilio.SendStatusCallbackAsync(message, "failed", errorCode: "30003", signWithToken: "0123456789abcdef0123456789abcdef");

        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var row = (await App.OutboxAsync(ids))[0];
        row.ProviderStatus.ShouldBe("queued");
        row.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task P8_an_sms_to_a_country_outside_the_allowed_list_fails_without_reaching_twilio()
    {
        var phone = "+4479" + Random.Shared.Next(10_000_000, 99_999_999);
        var ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: phone));

        var rows = await App.WaitForAsync(ids, row => row.State == "failed");

        rows[0].AttemptCount.ShouldBe(1);
        rows[0].LastError!.ShouldContain("not allowed");
        host.Twilio.Messages.ShouldNotContain(m => m.To == phone);
    }

    [Fact]
    public async Task Twilio_refusing_a_number_fails_the_notification_at_once_with_twilios_reason()
    {
        host.Twilio.Failure = new TwilioFailure(400, 21211, "The 'To' number +16135550000 is not a valid phone number.");
        try
        {
            var ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Sms, phone: "+16135550000"));

            var rows = await App.WaitForAsync(ids, row => row.State == "failed");

            rows[0].AttemptCount.ShouldBe(1);
            rows[0].LastError!.ShouldContain("21211");
        }
        finally
        {
            host.Twilio.Failure = null;
        }
    }

    private Task<IReadOnlyList<NotificationDelivery>> DeliveriesAsync(IReadOnlyCollection<Guid> ids) =>
        App.InScopeAsync(services => services.GetRequiredService<INotificationDeliveries>().GetAsync(ids, CancellationToken.None));
}
