using System.Diagnostics;
using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Portal.TestKit.Peers;

namespace Portal.TestKit.Tests;

/// <summary>The sink against a client other than the one Portal sends mail with (System.Net.Mail.SmtpClient), so both speak to it.</summary>
public sealed class SmtpSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_plain_message_arrives_with_its_envelope_headers_and_body()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        using var message = new MailMessage("no-reply@erables.portal.test", "patient@exemple.fr", "Your appointment", "See you on Monday at 9:00.");
        message.CC.Add("front-desk@erables.portal.test");
        await client.SendMailAsync(message);

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.MailFrom.ShouldBe("no-reply@erables.portal.test");
        email.Recipients.ShouldBe(["patient@exemple.fr", "front-desk@erables.portal.test"]);
        email.Subject.ShouldBe("Your appointment");
        email.Header("from").ShouldBe("no-reply@erables.portal.test");
        email.Header("TO").ShouldBe("patient@exemple.fr");
        email.TextBody.ShouldBe("See you on Monday at 9:00.");
        email.HtmlBody.ShouldBeNull();
        email.AuthenticatedUser.ShouldBeNull();
        email.ReceivedAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        email.Raw.ShouldContain("Subject: Your appointment");
        sink.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_message_with_a_french_subject_and_html_part_is_decoded()
    {
        const string Subject = "Votre compte Portal – Clinique des Érables";
        const string Text = "Bonjour Hélène,\r\n\r\nVotre compte est prêt. À bientôt à la clinique !\r\n— L'équipe des Érables";
        const string Html = "<p>Bonjour Hélène,</p><p>Votre compte est <strong>prêt</strong>. À bientôt à la clinique !</p><p>— L'équipe des Érables</p>";
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        using var message = new MailMessage(new MailAddress("no-reply@erables.portal.test", "Clinique des Érables"), new MailAddress("helene@exemple.fr", "Hélène Lévesque"))
        {
            Subject = Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = Text,
            BodyEncoding = Encoding.UTF8,
        };
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(Html, Encoding.UTF8, MediaTypeNames.Text.Html));
        await client.SendMailAsync(message);

        var email = await sink.WaitForAsync(e => e.Recipients.Contains("helene@exemple.fr"), Patience);
        email.Raw.ShouldNotContain("Érables", customMessage: "a 7-bit sender encodes the subject; the test should read it decoded");
        email.Subject.ShouldBe(Subject);
        email.Header("From").ShouldBe("Clinique des Érables <no-reply@erables.portal.test>");
        email.Header("To").ShouldBe("Hélène Lévesque <helene@exemple.fr>");
        email.TextBody.ShouldBe(Text.ReplaceLineEndings("\n"));
        email.HtmlBody.ShouldBe(Html);
        email.Parts.Select(p => p.ContentType).ShouldBe(["text/plain", "text/html"]);
        email.Parts.ShouldAllBe(p => p.Charset == "utf-8");
    }

    [Fact]
    public async Task Several_messages_over_one_client_all_arrive_in_order()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        for (var i = 1; i <= 5; i++)
        {
            using var message = new MailMessage("no-reply@portal.test", $"patient{i}@exemple.fr", $"Reminder {i}", $"Body {i}");
            await client.SendMailAsync(message);
        }

        await sink.WaitForCountAsync(5, Patience);
        sink.Messages.Select(m => m.Subject).ShouldBe(["Reminder 1", "Reminder 2", "Reminder 3", "Reminder 4", "Reminder 5"]);
        sink.Messages.Select(m => m.TextBody).ShouldBe(["Body 1", "Body 2", "Body 3", "Body 4", "Body 5"]);
    }

    [Fact]
    public async Task A_custom_message_id_is_read_back()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        using var message = new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Receipt", "Thank you.");
        message.Headers.Add("Message-ID", "<receipt-42.7f3a@erables.portal.test>");
        await client.SendMailAsync(message);

        var email = await sink.WaitForAsync(e => e.MessageId == "<receipt-42.7f3a@erables.portal.test>", Patience);
        email.Subject.ShouldBe("Receipt");
    }

    [Fact]
    public async Task Many_messages_from_parallel_clients_all_arrive()
    {
        const int Clients = 16;
        const int PerClient = 40;
        SenderThreads.MakeRoomFor(Clients);
        await using var sink = await SmtpSink.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            using var client = ClientFor(sink);
            for (var i = 0; i < PerClient; i++)
            {
                using var message = new MailMessage("no-reply@portal.test", $"patient-{c}-{i}@exemple.fr", $"Message {c}-{i}", $"Body of {c}-{i} – é");
                message.BodyEncoding = Encoding.UTF8;
                await client.SendMailAsync(message);
            }
        }));

        await sink.WaitForCountAsync(Clients * PerClient, Patience);
        var messages = sink.Messages;
        messages.Count.ShouldBe(Clients * PerClient);
        messages.Select(m => m.Subject).Distinct().Count().ShouldBe(Clients * PerClient);
        foreach (var message in messages)
        {
            message.TextBody.ShouldBe($"Body of {message.Subject!["Message ".Length..]} – é");
        }
    }

    [Fact]
    public async Task After_stop_sending_fails_and_after_restart_it_works_again()
    {
        await using var sink = await SmtpSink.StartAsync();
        var port = sink.Port;
        using var client = ClientFor(sink);
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Before", "1"));

        await sink.StopAsync();
        await Should.ThrowAsync<SmtpException>(() => client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "While stopped", "2")));
        using (var fresh = ClientFor(sink))
        {
            await Should.ThrowAsync<SmtpException>(() => fresh.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "While stopped", "3")));
        }

        await sink.RestartAsync();
        sink.Port.ShouldBe(port);
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "After", "4"));

        await sink.WaitForCountAsync(2, Patience);
        sink.Messages.Select(m => m.Subject).ShouldBe(["Before", "After"]);
    }

    [Fact]
    public async Task Stopping_drops_open_connections()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var open = new MailKit.Net.Smtp.SmtpClient();
        await open.ConnectAsync("127.0.0.1", sink.Port, MailKit.Security.SecureSocketOptions.None);
        await open.NoOpAsync();

        await sink.StopAsync();

        await Should.ThrowAsync<Exception>(() => open.NoOpAsync());
    }

    [Fact]
    public async Task A_delay_per_message_slows_the_sender_down()
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.DelayPerMessage = TimeSpan.FromMilliseconds(300);
        using var client = ClientFor(sink);

        var clock = Stopwatch.StartNew();
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Slow", "1"));
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Slow", "2"));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(2 * sink.DelayPerMessage);
        sink.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Attachments_and_long_lines_arrive_intact()
    {
        var pdf = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7 % 256)).ToArray();
        var longLine = string.Concat(Enumerable.Repeat("Les Érables vous souhaitent une bonne journée. ", 60));
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        using var message = new MailMessage("billing@erables.portal.test", "patient@exemple.fr")
        {
            Subject = "Reçu de paiement",
            Body = longLine,
            BodyEncoding = Encoding.UTF8,
        };
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString("<p>" + longLine + "</p>", Encoding.UTF8, MediaTypeNames.Text.Html));
        using var attachment = new Attachment(new MemoryStream(pdf), "reçu-été.pdf", MediaTypeNames.Application.Pdf);
        message.Attachments.Add(attachment);
        await client.SendMailAsync(message);

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.Subject.ShouldBe("Reçu de paiement");
        email.TextBody.ShouldBe(longLine);
        email.HtmlBody.ShouldBe("<p>" + longLine + "</p>");
        var file = email.Parts.Single(p => p.ContentType == "application/pdf");
        file.FileName.ShouldBe("reçu-été.pdf");
        file.IsAttachment.ShouldBeTrue();
        file.TransferEncoding.ShouldBe("base64");
        file.Content.ToArray().ShouldBe(pdf);
        file.Text.ShouldBeNull();
    }

    [Fact]
    public async Task A_latin1_body_is_decoded_from_its_charset()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        using var message = new MailMessage("no-reply@portal.test", "patient@exemple.fr")
        {
            Subject = "Déjà payé",
            SubjectEncoding = Encoding.Latin1,
            Body = "Votre facture est réglée. Merci à vous !",
            BodyEncoding = Encoding.Latin1,
        };
        await client.SendMailAsync(message);

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.Parts.Single().Charset.ShouldBe("iso-8859-1");
        email.Subject.ShouldBe("Déjà payé");
        email.TextBody.ShouldBe("Votre facture est réglée. Merci à vous !");
    }

    [Fact]
    public async Task An_international_address_is_accepted_with_smtputf8()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);
        client.DeliveryFormat = SmtpDeliveryFormat.International;

        using var message = new MailMessage("no-reply@portal.test", "élise@exemple.fr", "Bienvenue", "Bonjour Élise");
        message.BodyEncoding = Encoding.UTF8;
        await client.SendMailAsync(message);

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.Recipients.ShouldBe(["élise@exemple.fr"]);
        email.Header("To").ShouldBe("élise@exemple.fr");
        email.TextBody.ShouldBe("Bonjour Élise");
    }

    [Fact]
    public async Task A_sender_with_credentials_authenticates()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);
        client.Credentials = new NetworkCredential("portal-mailer", "s3cret");

        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Signed in", "1"));

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.AuthenticatedUser.ShouldBe("portal-mailer");
    }

    [Fact]
    public async Task Waiting_for_a_message_that_never_comes_times_out_saying_what_did_come()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Password reset", "1"));

        var timeout = await Should.ThrowAsync<TimeoutException>(() => sink.WaitForAsync(e => e.Subject == "Welcome", TimeSpan.FromMilliseconds(200)));

        timeout.Message.ShouldContain("0.2 s");
        timeout.Message.ShouldContain("1 arrived");
        timeout.Message.ShouldContain("\"Password reset\"");
        await Should.ThrowAsync<TimeoutException>(() => sink.WaitForCountAsync(2, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Waiting_returns_a_message_that_arrives_during_the_wait()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);

        var waiting = sink.WaitForAsync(e => e.Subject == "Later", Patience);
        await Task.Delay(50);
        waiting.IsCompleted.ShouldBeFalse();
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Later", "1"));

        (await waiting).Subject.ShouldBe("Later");
    }

    [Fact]
    public async Task Clear_forgets_what_was_received()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var client = ClientFor(sink);
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "Old", "1"));
        await sink.WaitForCountAsync(1, Patience);

        sink.Clear();
        await client.SendMailAsync(new MailMessage("no-reply@portal.test", "patient@exemple.fr", "New", "2"));

        (await sink.WaitForAsync(_ => true, Patience)).Subject.ShouldBe("New");
        sink.Count.ShouldBe(1);
    }

    private static SmtpClient ClientFor(SmtpSink sink) => new("127.0.0.1", sink.Port)
    {
        EnableSsl = false,
        DeliveryMethod = SmtpDeliveryMethod.Network,
        Timeout = 10_000,
    };
}
