using System.Text;
using Portal.TestKit.Peers;

namespace Portal.TestKit.Tests;

/// <summary>The sink's answers to each SMTP command (RFC 5321), typed by hand over a socket.</summary>
public sealed class SmtpProtocolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_greeting_is_220_and_ehlo_advertises_the_extensions()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);

        smtp.Greeting.ShouldStartWith("220 ");
        var ehlo = (await smtp.CommandAsync("EHLO client.test")).Split('\n');

        ehlo[0].ShouldStartWith("250-");
        ehlo[^1].ShouldStartWith("250 ");
        ehlo.Select(line => line[4..]).ShouldContain("8BITMIME");
        ehlo.Select(line => line[4..]).ShouldContain("SMTPUTF8");
        ehlo.Select(line => line[4..]).ShouldContain("PIPELINING");
        ehlo.Select(line => line[4..]).ShouldContain($"SIZE {SmtpSink.MaxMessageSize}");
        ehlo.ShouldNotContain(line => line.Contains("STARTTLS"));
        (await smtp.CommandAsync("HELO client.test")).ShouldStartWith("250 ");
    }

    [Fact]
    public async Task Commands_out_of_order_are_answered_503()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);

        (await smtp.CommandAsync("MAIL FROM:<a@portal.test>")).ShouldStartWith("503", customMessage: "MAIL before EHLO");
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");
        (await smtp.CommandAsync("RCPT TO:<b@portal.test>")).ShouldStartWith("503", customMessage: "RCPT before MAIL");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("503", customMessage: "DATA before MAIL");
        (await smtp.CommandAsync("MAIL FROM:<a@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("MAIL FROM:<a@portal.test>")).ShouldStartWith("503", customMessage: "nested MAIL");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("503", customMessage: "DATA before RCPT");
        (await smtp.CommandAsync("RCPT TO:<b@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("354");
        (await smtp.SendDataAsync("Subject: finally\r\n\r\nin order")).ShouldStartWith("250");

        (await sink.WaitForAsync(_ => true, Patience)).Subject.ShouldBe("finally");
    }

    [Fact]
    public async Task Unknown_and_malformed_commands_are_refused_and_the_session_goes_on()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);

        (await smtp.CommandAsync("XYZZY")).ShouldStartWith("500");
        (await smtp.CommandAsync(string.Empty)).ShouldStartWith("500");
        (await smtp.CommandAsync("EHLO")).ShouldStartWith("501");
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");
        (await smtp.CommandAsync("MAIL TO:<a@portal.test>")).ShouldStartWith("501");
        (await smtp.CommandAsync("STARTTLS")).ShouldStartWith("502");
        (await smtp.CommandAsync("NOOP")).ShouldStartWith("250");
        (await smtp.CommandAsync("VRFY someone")).ShouldStartWith("252");
        (await smtp.CommandAsync("noop")).ShouldStartWith("250", customMessage: "commands are case-insensitive");
    }

    [Fact]
    public async Task An_over_long_command_line_is_refused_without_ending_the_session()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);

        (await smtp.CommandAsync("NOOP " + new string('x', 100_000))).ShouldStartWith("500");

        (await smtp.CommandAsync("NOOP")).ShouldStartWith("250");
    }

    [Fact]
    public async Task Rset_abandons_the_transaction()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");
        (await smtp.CommandAsync("MAIL FROM:<first@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("RCPT TO:<dropped@portal.test>")).ShouldStartWith("250");

        (await smtp.CommandAsync("RSET")).ShouldStartWith("250");

        (await smtp.CommandAsync("DATA")).ShouldStartWith("503");
        (await smtp.CommandAsync("MAIL FROM:<second@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("RCPT TO:<kept@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("354");
        (await smtp.SendDataAsync("Subject: after reset\r\n\r\nx")).ShouldStartWith("250");
        var email = await sink.WaitForAsync(_ => true, Patience);
        email.MailFrom.ShouldBe("second@portal.test");
        email.Recipients.ShouldBe(["kept@portal.test"]);
    }

    [Fact]
    public async Task Mail_from_parameters_and_the_null_sender_are_accepted()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");

        (await smtp.CommandAsync("MAIL FROM:<> BODY=8BITMIME SIZE=1234 SMTPUTF8")).ShouldStartWith("250");
        (await smtp.CommandAsync("RCPT TO:<one@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("RCPT TO:<two@portal.test> NOTIFY=NEVER")).ShouldStartWith("250");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("354");
        (await smtp.SendDataAsync("Subject: bounce\r\n\r\nx")).ShouldMatch("^250 .*queued as [0-9A-F]+$");

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.MailFrom.ShouldBe(string.Empty);
        email.Recipients.ShouldBe(["one@portal.test", "two@portal.test"]);
    }

    [Fact]
    public async Task A_message_declared_over_the_size_limit_is_refused_552()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");

        (await smtp.CommandAsync($"MAIL FROM:<a@portal.test> SIZE={SmtpSink.MaxMessageSize + 1}")).ShouldStartWith("552");
    }

    [Fact]
    public async Task Dot_stuffing_is_undone_and_the_message_is_kept_as_sent()
    {
        const string Message = "Subject: dots\r\n\r\n.hidden line\r\n..two dots\r\nmiddle . dot\r\n.";
        await using var sink = await SmtpSink.StartAsync();

        (await SmtpConversation.SendAsync(sink.Port, Message)).ShouldStartWith("250");

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.Raw.ShouldBe(Message + "\r\n");
        email.TextBody.ShouldBe(".hidden line\r\n..two dots\r\nmiddle . dot\r\n.");
    }

    [Fact]
    public async Task A_body_line_far_longer_than_the_buffer_arrives_intact()
    {
        var line = string.Concat(Enumerable.Range(0, 30_000).Select(i => (char)('a' + (i % 26)))) + "é";
        await using var sink = await SmtpSink.StartAsync();

        var message = "Subject: long\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n."
            + line + line + line + "\r\nnext";
        (await SmtpConversation.SendAsync(sink.Port, message)).ShouldStartWith("250");

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.TextBody.ShouldBe("." + line + line + line + "\r\nnext");
    }

    [Fact]
    public async Task Pipelined_commands_are_answered_in_order()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");

        await smtp.WriteAsync("MAIL FROM:<a@portal.test>\r\nRCPT TO:<b@portal.test>\r\nRCPT TO:<c@portal.test>\r\nDATA\r\n");
        (await smtp.ReadReplyAsync()).ShouldStartWith("250 2.1.0");
        (await smtp.ReadReplyAsync()).ShouldStartWith("250 2.1.5");
        (await smtp.ReadReplyAsync()).ShouldStartWith("250 2.1.5");
        (await smtp.ReadReplyAsync()).ShouldStartWith("354");
        await smtp.WriteAsync("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<a@portal.test>\r\nRCPT TO:<b@portal.test>\r\nDATA\r\n");
        (await smtp.ReadReplyAsync()).ShouldStartWith("250 2.0.0");
        (await smtp.ReadReplyAsync()).ShouldStartWith("250 2.1.0");
        (await smtp.ReadReplyAsync()).ShouldStartWith("250 2.1.5");
        (await smtp.ReadReplyAsync()).ShouldStartWith("354");
        (await smtp.SendDataAsync("Subject: two\r\n\r\n2")).ShouldStartWith("250");

        await sink.WaitForCountAsync(2, Patience);
        sink.Messages.Select(m => m.Subject).ShouldBe(["one", "two"]);
        sink.Messages[0].Recipients.ShouldBe(["b@portal.test", "c@portal.test"]);
    }

    [Theory]
    [InlineData("AUTH PLAIN AHBvcnRhbABzM2NyZXQ=", null, null)]
    [InlineData("AUTH PLAIN", "AHBvcnRhbABzM2NyZXQ=", null)]
    [InlineData("AUTH LOGIN", "cG9ydGFs", "czNjcmV0")]
    [InlineData("AUTH LOGIN cG9ydGFs", "czNjcmV0", null)]
    public async Task Auth_plain_and_login_are_accepted(string command, string? firstAnswer, string? secondAnswer)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");

        var reply = await smtp.CommandAsync(command);
        foreach (var answer in new[] { firstAnswer, secondAnswer }.OfType<string>())
        {
            reply.ShouldStartWith("334");
            reply = await smtp.CommandAsync(answer);
        }

        reply.ShouldStartWith("235");
        (await smtp.CommandAsync("AUTH LOGIN")).ShouldStartWith("503", customMessage: "already authenticated");
        (await smtp.CommandAsync("MAIL FROM:<a@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("RCPT TO:<b@portal.test>")).ShouldStartWith("250");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("354");
        (await smtp.SendDataAsync("Subject: signed in\r\n\r\nx")).ShouldStartWith("250");
        (await sink.WaitForAsync(_ => true, Patience)).AuthenticatedUser.ShouldBe("portal");
    }

    [Fact]
    public async Task Unknown_or_cancelled_authentication_is_refused()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");

        (await smtp.CommandAsync("AUTH CRAM-MD5")).ShouldStartWith("504");
        (await smtp.CommandAsync("AUTH LOGIN")).ShouldStartWith("334");
        (await smtp.CommandAsync("*")).ShouldStartWith("501");
        (await smtp.CommandAsync("AUTH PLAIN !!!")).ShouldStartWith("501");
        (await smtp.CommandAsync("NOOP")).ShouldStartWith("250");
    }

    [Fact]
    public async Task Quit_is_answered_221_and_the_server_closes_the_connection()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var smtp = await SmtpConversation.OpenAsync(sink.Port);

        (await smtp.CommandAsync("QUIT")).ShouldStartWith("221");

        (await smtp.IsClosedByServerAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Raw_bytes_keep_what_the_text_view_cannot_show()
    {
        await using var sink = await SmtpSink.StartAsync();

        await SmtpConversation.SendAsync(sink.Port, "Subject: bytes\r\n\r\nCafé");

        var email = await sink.WaitForAsync(_ => true, Patience);
        email.RawBytes.ToArray().ShouldBe(Encoding.UTF8.GetBytes("Subject: bytes\r\n\r\nCafé\r\n"));
    }
}
