using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestKit.Peers;

namespace Portal.Notifications.Tests;

/// <summary>
/// The embedded default has no mail server or Twilio account: email goes to .eml files and SMS to a
/// JSON-lines file under the data folder, through the same outbox and dispatcher.
/// </summary>
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task Without_a_mail_server_or_twilio_email_is_written_as_an_eml_file_and_sms_as_a_json_line()
    {
        await using var app = await PortalApp.StartAsync(new PortalAppOptions
        {
            ConfigureServices = services => services.AddSingleton<INotificationTemplateSource, TestTemplates>(),
        });
        var ids = await app.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.EmailAndSms, email: "camille@clinic.test", phone: "+15145550188", language: "fr"));

        var rows = await app.WaitForAsync(ids, row => row.State == "sent");

        rows.ShouldAllBe(row => row.ProviderStatus == "written");
        var file = Directory.GetFiles(Path.Combine(app.FilesRoot, "mail"), "*.eml").ShouldHaveSingleItem();
        var email = ReceivedEmail.FromPickupFile(file);
        email.Recipients.ShouldBe(["camille@clinic.test"]);
        email.Subject.ShouldBe("Vous avez un rappel");
        email.TextBody!.ShouldStartWith("Quelque chose vous attend : https://portal.example/c/m/1");
        email.HtmlBody!.ShouldContain("<a href=\"https://portal.example/c/m/1\">l'ouvrir</a>");
        email.MessageId.ShouldBe($"<{rows.Single(r => r.Channel == "email").Id}@127.0.0.1>");

        var line = (await File.ReadAllLinesAsync(Path.Combine(app.FilesRoot, "sms", "outbox.jsonl"))).ShouldHaveSingleItem();
        using var sms = JsonDocument.Parse(line);
        sms.RootElement.GetProperty("to").GetString().ShouldBe("+15145550188");
        sms.RootElement.GetProperty("body").GetString().ShouldBe("Quelque chose vous attend : https://portal.example/c/m/1");
        sms.RootElement.GetProperty("notificationId").GetGuid().ShouldBe(rows.Single(r => r.Channel == "sms").Id);
        rows.Single(r => r.Channel == "sms").ProviderMessageId.ShouldBe(sms.RootElement.GetProperty("id").GetString());
    }
}
