using System.Text;
using MimeKit;

namespace Portal.TestKit.Peers;

/// <summary>
/// One message as the <see cref="SmtpSink"/> received it: the envelope, the raw text and, parsed with
/// MimeKit on first use, its headers (decoded for display) and decoded bodies, so tests assert what a
/// person reads.
/// </summary>
public sealed class ReceivedEmail
{
    private readonly byte[] _raw;
    private string? _rawText;
    private MimeMessage? _message;
    private IReadOnlyList<ReceivedEmailPart>? _parts;
    private IReadOnlyDictionary<string, string>? _headers;

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
    /// Portal writes as the X-Sender and X-Receiver headers.
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

    /// <summary>The user the sender authenticated as, if it did.</summary>
    public string? AuthenticatedUser { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The message as sent, after the DATA dot-unstuffing.</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>The message as sent, read as UTF-8.</summary>
    public string Raw => _rawText ??= Encoding.UTF8.GetString(_raw);

    /// <summary>The top-level headers, decoded; a repeated header keeps its first value.</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers ??= TopHeaders
        .GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);

    public string? Subject => Message.Subject;

    /// <summary>The Message-ID header as written, angle brackets included.</summary>
    public string? MessageId => Header("Message-ID");

    /// <summary>The first text/plain body part that is not an attachment, as <see cref="ReceivedEmailPart.Text"/> reads it.</summary>
    public string? TextBody => Parts.FirstOrDefault(p => p.IsBody("text/plain"))?.Text;

    /// <summary>The first text/html body part that is not an attachment, as <see cref="ReceivedEmailPart.Text"/> reads it.</summary>
    public string? HtmlBody => Parts.FirstOrDefault(p => p.IsBody("text/html"))?.Text;

    /// <summary>Every leaf part, in order.</summary>
    public IReadOnlyList<ReceivedEmailPart> Parts => _parts ??= [.. Message.BodyParts.OfType<MimePart>().Select(p => new ReceivedEmailPart(p, endsMessage: ReferenceEquals(p, Message.Body)))];

    private MimeMessage Message => _message ??= MimeMessage.Load(new MemoryStream(_raw, writable: false));

    // MimeKit files the top block's Content-* headers under the body; on the wire they are one block.
    private IEnumerable<Header> TopHeaders => Message.Body is null ? Message.Headers : Message.Headers.Concat(Message.Body.Headers);

    /// <summary>A top-level header, decoded, or null.</summary>
    public string? Header(string name) => HeaderValues(name) is [var first, ..] ? first : null;

    /// <summary>Every value of a top-level header, decoded.</summary>
    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. TopHeaders.Where(h => string.Equals(h.Field, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim())];

    public override string ToString() => $"<{MailFrom}> to {string.Join(", ", Recipients.Select(r => $"<{r}>"))}: \"{Subject}\"";
}

/// <summary>One leaf part of a <see cref="ReceivedEmail"/>.</summary>
public sealed class ReceivedEmailPart
{
    private readonly MimePart _part;
    private readonly bool _endsMessage;

    internal ReceivedEmailPart(MimePart part, bool endsMessage)
    {
        _part = part;
        _endsMessage = endsMessage;
    }

    public string ContentType => _part.ContentType.MimeType.ToLowerInvariant();

    public string? Charset => _part.ContentType.Charset?.ToLowerInvariant();

    /// <summary>The Content-Transfer-Encoding, lower case; 7bit when absent.</summary>
    public string TransferEncoding => _part.Headers[HeaderId.ContentTransferEncoding]?.Trim().ToLowerInvariant() ?? "7bit";

    public string? FileName => _part.FileName;

    public string? ContentId => _part.Headers[HeaderId.ContentId]?.Trim();

    /// <summary>Whether Content-Disposition says attachment.</summary>
    public bool IsAttachment => _part.IsAttachment;

    public IReadOnlyDictionary<string, string> Headers =>
        _part.Headers.GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The content with its transfer encoding undone.</summary>
    public ReadOnlyMemory<byte> Content
    {
        get
        {
            using var decoded = new MemoryStream();
            _part.Content?.DecodeTo(decoded);
            return decoded.ToArray();
        }
    }

    /// <summary>
    /// The content decoded with its charset, for text parts (null for others), with "\n" line breaks. In a
    /// single-part message the line break SMTP requires before the final dot is not counted as text.
    /// </summary>
    public string? Text => _part is TextPart text ? Readable(text.Text, _endsMessage) : null;

    public override string ToString() => FileName is null ? ContentType : $"{ContentType} \"{FileName}\"";

    internal bool IsBody(string mediaType) => !IsAttachment && string.Equals(ContentType, mediaType, StringComparison.Ordinal);

    private static string Readable(string text, bool endsMessage)
    {
        var lines = text.ReplaceLineEndings("\n");
        return endsMessage && lines.EndsWith('\n') ? lines[..^1] : lines;
    }
}
