using System.Text;

namespace Portal.TestKit.Peers;

/// <summary>
/// A MIME entity (RFC 2045, 2046): headers and either a body or child entities. Small on purpose: it reads
/// what System.Net.Mail and common mail clients write, for tests, not every corner of the standards.
/// </summary>
internal sealed class MimeEntity
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly List<KeyValuePair<string, string>> _headers;
    private readonly ReadOnlyMemory<byte> _body;
    private Dictionary<string, string>? _firstHeaders;
    private byte[]? _decoded;
    private string? _text;

    private MimeEntity(List<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        _headers = headers;
        _body = body;
        ContentType = MediaTypeHeader.Parse(Header("Content-Type"));
        TransferEncoding = (Header("Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant();
        Disposition = MediaTypeHeader.Parse(Header("Content-Disposition"), defaultType: string.Empty);

        var boundary = ContentType.Parameter("boundary");
        Children = ContentType.MediaType.StartsWith("multipart/", StringComparison.Ordinal) && !string.IsNullOrEmpty(boundary)
            ? [.. SplitMultipart(body, boundary).Select(Parse)]
            : [];
    }

    public MediaTypeHeader ContentType { get; }

    public MediaTypeHeader Disposition { get; }

    public string TransferEncoding { get; }

    public IReadOnlyList<MimeEntity> Children { get; }

    public IReadOnlyDictionary<string, string> Headers => _firstHeaders ??= FirstOfEach(_headers);

    public bool IsAttachment => string.Equals(Disposition.MediaType, "attachment", StringComparison.Ordinal);

    public string? FileName => Disposition.Parameter("filename") ?? ContentType.Parameter("name");

    public ReadOnlyMemory<byte> DecodedContent => _decoded ??= TransferEncodings.Decode(TransferEncoding, _body.Span);

    public string? Text => ContentType.MediaType.StartsWith("text/", StringComparison.Ordinal)
        ? _text ??= Charsets.Find(ContentType.Parameter("charset")).GetString(DecodedContent.Span)
        : null;

    /// <summary>
    /// Parses a whole message as received over SMTP. Line breaks that only frame the body are left out: the
    /// one before the terminating dot, and, in a single-part message, the one ending its last line (which
    /// System.Net.Mail adds after the body), so a body reads back as the sender set it.
    /// </summary>
    public static MimeEntity ParseMessage(ReadOnlyMemory<byte> message)
    {
        var root = Parse(WithoutFinalLineBreak(message));
        return root.Children.Count == 0 ? new MimeEntity(root._headers, WithoutFinalLineBreak(root._body)) : root;
    }

    private static ReadOnlyMemory<byte> WithoutFinalLineBreak(ReadOnlyMemory<byte> bytes) =>
        bytes.Span.EndsWith(CrLf) ? bytes[..^2] : bytes.Span.EndsWith("\n"u8) ? bytes[..^1] : bytes;

    public static MimeEntity Parse(ReadOnlyMemory<byte> entity)
    {
        var span = entity.Span;
        var headers = new List<KeyValuePair<string, string>>();
        var position = 0;
        string? name = null;
        var value = new StringBuilder();
        while (position < span.Length)
        {
            var line = NextLine(span, position, out var next);
            if (line.IsEmpty)
            {
                position = next;
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // Unfolding (RFC 5322 2.2.3): the line break goes, the whitespace stays.
                value.Append(Encoding.UTF8.GetString(line));
            }
            else
            {
                Add(headers, name, value);
                var colon = line.IndexOf((byte)':');
                name = colon > 0 ? Encoding.UTF8.GetString(line[..colon]).Trim() : null;
                value.Clear().Append(colon > 0 ? Encoding.UTF8.GetString(line[(colon + 1)..]) : string.Empty);
            }

            position = next;
        }

        Add(headers, name, value);
        return new MimeEntity(headers, entity[Math.Min(position, entity.Length)..]);
    }

    public string? Header(string name)
    {
        foreach (var header in _headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. _headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    /// <summary>The leaves under this entity (itself when it has no children), depth first.</summary>
    public IEnumerable<MimeEntity> Leaves() => Children.Count == 0 ? [this] : Children.SelectMany(c => c.Leaves());

    private static void Add(List<KeyValuePair<string, string>> headers, string? name, StringBuilder value)
    {
        if (name is not null)
        {
            headers.Add(new(name, EncodedWords.Decode(value.ToString().Trim())));
        }
    }

    private static Dictionary<string, string> FirstOfEach(List<KeyValuePair<string, string>> headers)
    {
        var first = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            first.TryAdd(name, value);
        }

        return first;
    }

    /// <summary>The line starting at <paramref name="start"/> without its ending, and where the next one starts.</summary>
    private static ReadOnlySpan<byte> NextLine(ReadOnlySpan<byte> span, int start, out int next)
    {
        var newline = span[start..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            next = span.Length;
            return span[start..];
        }

        next = start + newline + 1;
        var line = span.Slice(start, newline);
        return line.EndsWith((byte)'\r') ? line[..^1] : line;
    }

    /// <summary>
    /// The body parts between "--boundary" lines (RFC 2046 5.1.1). The line break before a delimiter belongs
    /// to the delimiter; the preamble and epilogue are dropped.
    /// </summary>
    private static List<ReadOnlyMemory<byte>> SplitMultipart(ReadOnlyMemory<byte> body, string boundary)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var span = body.Span;
        var partStart = -1;
        var position = 0;
        while (position < span.Length)
        {
            var lineStart = position;
            var line = NextLine(span, position, out var next);
            position = next;
            if (!line.StartsWith(delimiter))
            {
                continue;
            }

            var rest = line[delimiter.Length..].TrimEnd(" \t"u8);
            var closing = rest.SequenceEqual("--"u8);
            if (!closing && !rest.IsEmpty)
            {
                continue;
            }

            if (partStart >= 0)
            {
                var end = lineStart;
                if (end - 2 >= partStart && span[(end - 2)..end].SequenceEqual(CrLf))
                {
                    end -= 2;
                }
                else if (end - 1 >= partStart && span[end - 1] == (byte)'\n')
                {
                    end -= 1;
                }

                parts.Add(body[partStart..end]);
            }

            if (closing)
            {
                return parts;
            }

            partStart = position;
        }

        if (partStart >= 0 && partStart < span.Length)
        {
            parts.Add(body[partStart..]);
        }

        return parts;
    }
}
