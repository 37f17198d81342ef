using System.Net;
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
}
