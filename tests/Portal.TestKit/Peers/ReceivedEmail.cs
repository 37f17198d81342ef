using System.Text;

namespace Portal.TestKit.Peers;

/// <summary>
/// One message as the <see cref="SmtpSink"/> received it: the envelope, the raw text and, parsed on
/// first use, its headers (decoded for display) and decoded bodies, so tests assert what a person reads.
/// </summary>
public sealed class ReceivedEmail
{
    private readonly byte[] _raw;
    private string? _rawText;
    private MimeEntity? _root;
    private IReadOnlyList<ReceivedEmailPart>? _parts;

    internal ReceivedEmail(string mailFrom, IReadOnlyList<string> recipients, byte[] raw, DateTimeOffset receivedAt, string? authenticatedUser)
    {
        MailFrom = mailFrom;
        Recipients = recipients;
        _raw = raw;
        ReceivedAt = receivedAt;
        AuthenticatedUser = authenticatedUser;
    }

    /// <summary>
    /// A message from a pickup directory (the embedded default's <c>.eml</c> files), whose envelope
    /// System.Net.Mail writes as the X-Sender and X-Receiver headers.
    /// </summary>
    public static ReceivedEmail FromPickupFile(string path)
    {
        var raw = File.ReadAllBytes(path);
        var written = new DateTimeOffset(File.GetLastWriteTimeUtc(path));
        var headersOnly = new ReceivedEmail(string.Empty, [], raw, written, null);
        return new ReceivedEmail(headersOnly.Header("X-Sender") ?? string.Empty, headersOnly.HeaderValues("X-Receiver"), raw, written, null);
    }

    /// <summary>The envelope sender (MAIL FROM), empty for the null reverse-path.</summary>
    public string MailFrom { get; }

    /// <summary>The envelope recipients (RCPT TO), in the order given.</summary>
    public IReadOnlyList<string> Recipients { get; }

    /// <summary>The user name the sender authenticated as with AUTH, if it did.</summary>
    public string? AuthenticatedUser { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The message bytes as received, after dot-stuffing was undone.</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>The message text as received (read as UTF-8).</summary>
    public string Raw => _rawText ??= Encoding.UTF8.GetString(_raw);

    /// <summary>The top-level headers, unfolded and with RFC 2047 encoded-words decoded; the first of repeated headers.</summary>
    public IReadOnlyDictionary<string, string> Headers => Root.Headers;

    public string? Subject => Header("Subject");

    /// <summary>The Message-ID header as written, angle brackets included.</summary>
    public string? MessageId => Header("Message-ID");

    /// <summary>The first text/plain part that is not an attachment, decoded.</summary>
    public string? TextBody => Parts.FirstOrDefault(p => p.IsBody("text/plain"))?.Text;

    /// <summary>The first text/html part that is not an attachment, decoded.</summary>
    public string? HtmlBody => Parts.FirstOrDefault(p => p.IsBody("text/html"))?.Text;

    /// <summary>Every leaf of the MIME tree, depth first: bodies, alternative views and attachments.</summary>
    public IReadOnlyList<ReceivedEmailPart> Parts => _parts ??= [.. Root.Leaves().Select(e => new ReceivedEmailPart(e))];

    private MimeEntity Root => _root ??= MimeEntity.ParseMessage(_raw);

    /// <summary>The decoded value of a top-level header (the first one when repeated), or null.</summary>
    public string? Header(string name) => Root.Header(name);

    /// <summary>Every value of a repeated top-level header (such as Received), decoded, in order.</summary>
    public IReadOnlyList<string> HeaderValues(string name) => Root.HeaderValues(name);

    public override string ToString() => $"<{MailFrom}> to {string.Join(", ", Recipients.Select(r => $"<{r}>"))}: \"{Subject}\"";
}

/// <summary>One leaf of a received message's MIME tree, decoded, for asserting on alternative views and attachments.</summary>
public sealed class ReceivedEmailPart
{
    private readonly MimeEntity _entity;

    internal ReceivedEmailPart(MimeEntity entity)
    {
        _entity = entity;
    }

    /// <summary>The media type in lower case, such as "text/html" or "application/pdf".</summary>
    public string ContentType => _entity.ContentType.MediaType;

    public string? Charset => _entity.ContentType.Parameter("charset");

    /// <summary>The Content-Transfer-Encoding in lower case, "7bit" when absent.</summary>
    public string TransferEncoding => _entity.TransferEncoding;

    public string? FileName => _entity.FileName;

    public string? ContentId => _entity.Header("Content-ID");

    /// <summary>True when Content-Disposition says attachment.</summary>
    public bool IsAttachment => _entity.IsAttachment;

    public IReadOnlyDictionary<string, string> Headers => _entity.Headers;

    /// <summary>The content after undoing the transfer encoding.</summary>
    public ReadOnlyMemory<byte> Content => _entity.DecodedContent;

    /// <summary>The content read in its charset, for text/* parts; null for others.</summary>
    public string? Text => _entity.Text;

    public override string ToString() => FileName is null ? ContentType : $"{ContentType} \"{FileName}\"";

    internal bool IsBody(string mediaType) => !IsAttachment && string.Equals(ContentType, mediaType, StringComparison.Ordinal);
}
