using System.Text;
using Portal.TestKit.Peers;

namespace Portal.TestKit.Tests;

/// <summary>The parsed view of received mail, for messages written the ways mailers write them.</summary>
public sealed class MimeParsingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Encoded_words_in_base64_and_q_with_utf8_and_latin1_are_decoded()
    {
        var email = await ReceiveAsync(
            "From: =?iso-8859-1?Q?Clinique_des_=C9rables?= <no-reply@erables.portal.test>",
            "To: =?UTF-8?q?H=C3=A9l=C3=A8ne?= <helene@exemple.fr>, plain@exemple.fr",
            "Subject: =?utf-8?B?Vm90cmUgY29tcHRlIFBvcnRhbCDigJMgQ2xpbmlxdWUgZGVz?=",
            " =?utf-8?B?IMOJcmFibGVz?=",
            "X-Mixed: before =?utf-8?Q?caf=C3=A9?= after",
            string.Empty,
            "body");

        email.Subject.ShouldBe("Votre compte Portal – Clinique des Érables");
        email.Header("From").ShouldBe("Clinique des Érables <no-reply@erables.portal.test>");
        email.Header("To").ShouldBe("Hélène <helene@exemple.fr>, plain@exemple.fr");
        email.Header("x-mixed").ShouldBe("before café after");
    }

    [Fact]
    public async Task A_character_split_across_two_encoded_words_is_rejoined()
    {
        // "é" is C3 A9 in UTF-8; here each byte sits in its own word.
        var email = await ReceiveAsync("Subject: =?utf-8?Q?caf=C3?= =?utf-8?Q?=A9_cr=C3=A8me?=", string.Empty, "x");

        email.Subject.ShouldBe("café crème");
    }

    [Fact]
    public async Task Folded_headers_are_unfolded_and_repeated_ones_all_kept()
    {
        var email = await ReceiveAsync(
            "Received: from one",
            "Received: from two",
            "Subject: a subject folded",
            "\tover two lines",
            "Message-ID: <abc@portal.test>",
            string.Empty,
            "x");

        email.Subject.ShouldBe("a subject folded\tover two lines");
        email.Header("received").ShouldBe("from one");
        email.HeaderValues("Received").ShouldBe(["from one", "from two"]);
        email.Headers.ContainsKey("MESSAGE-ID").ShouldBeTrue();
        email.MessageId.ShouldBe("<abc@portal.test>");
        email.Header("X-Absent").ShouldBeNull();
    }

    [Fact]
    public async Task A_quoted_printable_latin1_body_is_decoded()
    {
        var email = await ReceiveAsync(
            "Subject: qp",
            "Content-Type: text/plain; charset=\"ISO-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable",
            string.Empty,
            "Votre facture est r=E9gl=E9e. Une ligne tr=E8s longue coup=E9e par un saut de l=",
            "igne doux.   ",
            "=3D fin");

        email.TextBody.ShouldBe("Votre facture est réglée. Une ligne très longue coupée par un saut de ligne doux.\r\n= fin");
        email.Parts.Single().Charset.ShouldBe("ISO-8859-1");
    }

    [Fact]
    public async Task Nested_multiparts_give_text_html_and_attachments_wherever_they_are()
    {
        var pdf = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x10 };
        var email = await ReceiveAsync(
            "Subject: nested",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            string.Empty,
            "This is the preamble.",
            "--outer",
            "Content-Type: multipart/related; boundary=related",
            string.Empty,
            "--related",
            "Content-Type: multipart/alternative; boundary=\"=_alt\"",
            string.Empty,
            "--=_alt",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            string.Empty,
            "Bonjour Élise,",
            "à lundi.",
            "--=_alt",
            "Content-Type: text/html; charset=us-ascii",
            "Content-Transfer-Encoding: 7bit",
            string.Empty,
            "<p>Bonjour</p>",
            string.Empty,
            "--=_alt--",
            "--related",
            "Content-Type: image/png",
            "Content-ID: <logo@portal>",
            "Content-Transfer-Encoding: base64",
            string.Empty,
            "iVBORw0K",
            "--related--",
            "--outer",
            "Content-Type: application/pdf; name=\"=?utf-8?B?cmXDp3UucGRm?=\"",
            "Content-Disposition: attachment; filename*=utf-8''re%C3%A7u%20sign%C3%A9.pdf",
            "Content-Transfer-Encoding: base64",
            string.Empty,
            Convert.ToBase64String(pdf)[..4],
            Convert.ToBase64String(pdf)[4..],
            "--outer--",
            "The epilogue.");

        email.TextBody.ShouldBe("Bonjour Élise,\r\nà lundi.");
        email.HtmlBody.ShouldBe("<p>Bonjour</p>\r\n");
        email.Parts.Select(p => p.ContentType).ShouldBe(["text/plain", "text/html", "image/png", "application/pdf"]);
        email.Parts[2].ContentId.ShouldBe("<logo@portal>");
        email.Parts[2].Content.ToArray().ShouldBe(Convert.FromBase64String("iVBORw0K"));
        var attachment = email.Parts[3];
        attachment.IsAttachment.ShouldBeTrue();
        attachment.FileName.ShouldBe("reçu signé.pdf");
        attachment.Content.ToArray().ShouldBe(pdf);
        attachment.Text.ShouldBeNull();
        attachment.ToString().ShouldBe("application/pdf \"reçu signé.pdf\"");
    }

    [Fact]
    public async Task A_text_attachment_is_not_taken_for_the_body()
    {
        var email = await ReceiveAsync(
            "Subject: attachment only",
            "Content-Type: multipart/mixed; boundary=b",
            string.Empty,
            "--b",
            "Content-Type: text/plain; charset=utf-8; name=notes.txt",
            "Content-Disposition: attachment; filename=notes.txt",
            string.Empty,
            "notes",
            "--b--");

        email.TextBody.ShouldBeNull();
        email.Parts.Single().Text.ShouldBe("notes");
        email.Parts.Single().FileName.ShouldBe("notes.txt");
    }

    [Fact]
    public async Task A_message_without_mime_headers_reads_as_us_ascii_text()
    {
        var email = await ReceiveAsync("Subject: old style", string.Empty, "line one", "line two");

        email.TextBody.ShouldBe("line one\r\nline two");
        email.Parts.Single().ContentType.ShouldBe("text/plain");
        email.Parts.Single().Charset.ShouldBe("us-ascii");
        email.Parts.Single().TransferEncoding.ShouldBe("7bit");
    }

    private static async Task<ReceivedEmail> ReceiveAsync(params string[] lines)
    {
        await using var sink = await SmtpSink.StartAsync();
        (await SmtpConversation.SendAsync(sink.Port, string.Join("\r\n", lines))).ShouldStartWith("250");
        var email = await sink.WaitForAsync(_ => true, Patience);
        email.Raw.ShouldBe(string.Join("\r\n", lines) + "\r\n");
        email.RawBytes.Length.ShouldBe(Encoding.UTF8.GetByteCount(email.Raw));
        return email;
    }
}
