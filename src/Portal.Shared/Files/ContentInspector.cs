using System.Buffers.Binary;
using System.Text;

namespace Portal.Shared.Files;

/// <summary>
/// Decides a document's type from its bytes, never its name or declared type (checklist F1): PDF,
/// PNG, JPEG, WebP (through <see cref="ImageInspector"/>), MP4, WebM and plain UTF-8 text. Works on a
/// seekable stream and reads only what each check needs, except images and text, which are small.
/// </summary>
public static class ContentInspector
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string WebP = "image/webp";
    public const string Mp4 = "video/mp4";
    public const string WebM = "video/webm";
    public const string Text = "text/plain";

    /// <summary>Enough for every signature below, the EBML header's doc type included.</summary>
    public const int HeadLength = 64;

    /// <summary>
    /// The type the first bytes claim, or null when they claim none of the accepted ones. Bytes with no
    /// binary signature are taken for text, which <see cref="VerifyAsync"/> then checks throughout.
    /// </summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return null;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return Mp4;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return head.IndexOf((ReadOnlySpan<byte>)[0x42, 0x82, 0x84, (byte)'w', (byte)'e', (byte)'b', (byte)'m']) > 0 ? WebM : null;
        }

        return LooksBinary(head) ? null : Text;
    }

    /// <summary>Whether the whole of <paramref name="content"/> (seekable, read from its start) is a well-formed file of <paramref name="contentType"/>.</summary>
    public static async Task<bool> VerifyAsync(string contentType, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        return contentType switch
        {
            Png or Jpeg or WebP => await VerifyImageAsync(contentType, content, cancellationToken),
            Pdf => await VerifyPdfAsync(content, cancellationToken),
            Mp4 => await VerifyMp4Async(content, cancellationToken),
            WebM => await VerifyWebMAsync(content, cancellationToken),
            Text => await VerifyTextAsync(content, cancellationToken),
            _ => false,
        };
    }

    private static async Task<bool> VerifyImageAsync(string contentType, Stream content, CancellationToken cancellationToken)
    {
        var bytes = new byte[content.Length];
        await content.ReadExactlyAsync(bytes, cancellationToken);
        return ImageInspector.Inspect(bytes)?.ContentType == contentType;
    }

    private static async Task<bool> VerifyPdfAsync(Stream content, CancellationToken cancellationToken)
    {
        // A PDF ends with its trailer; a file cut short, or something else after a PDF header, does not.
        var tail = new byte[(int)Math.Min(1024, content.Length)];
        content.Seek(-tail.Length, SeekOrigin.End);
        await content.ReadExactlyAsync(tail, cancellationToken);
        return tail.AsSpan().IndexOf("%%EOF"u8) >= 0;
    }

    private static async Task<bool> VerifyMp4Async(Stream content, CancellationToken cancellationToken)
    {
        // The top-level boxes (ftyp, moov, mdat…) must tile the file exactly, each with a printable type.
        var header = new byte[16];
        long position = 0;
        var boxes = 0;
        while (position < content.Length)
        {
            if (content.Length - position < 8)
            {
                return false;
            }

            content.Position = position;
            await content.ReadExactlyAsync(header.AsMemory(0, 8), cancellationToken);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (!IsBoxType(header.AsSpan(4, 4)))
            {
                return false;
            }

            if (size == 1)
            {
                if (content.Length - position < 16)
                {
                    return false;
                }

                await content.ReadExactlyAsync(header.AsMemory(8, 8), cancellationToken);
                size = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(8));
                if (size < 16)
                {
                    return false;
                }
            }
            else if (size == 0)
            {
                size = content.Length - position;
            }
            else if (size < 8)
            {
                return false;
            }

            position += size;
            boxes++;
        }

        return position == content.Length && boxes >= 2;
    }

    private static async Task<bool> VerifyWebMAsync(Stream content, CancellationToken cancellationToken)
    {
        // The EBML header must be followed at once by the Segment element that holds the media.
        var head = new byte[(int)Math.Min(256, content.Length)];
        await content.ReadExactlyAsync(head, cancellationToken);
        if (head.Length < 5)
        {
            return false;
        }

        var width = System.Numerics.BitOperations.LeadingZeroCount((uint)head[4]) - 24 + 1;
        if (width is < 1 or > 8 || 4 + width > head.Length)
        {
            return false;
        }

        long size = head[4] & (0xFF >> width);
        for (var i = 1; i < width; i++)
        {
            size = (size << 8) | head[4 + i];
        }

        var segment = 4 + width + size;
        return segment + 4 <= head.Length && head.AsSpan((int)segment, 4).SequenceEqual((ReadOnlySpan<byte>)[0x18, 0x53, 0x80, 0x67]);
    }

    private static bool IsBoxType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> VerifyTextAsync(Stream content, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[bytes.Length + 1];
        int read;
        do
        {
            read = await content.ReadAsync(bytes, cancellationToken);
            try
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                foreach (var c in chars.AsSpan(0, count))
                {
                    if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
                    {
                        return false;
                    }
                }
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
        while (read > 0);

        return true;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f'))
            {
                return true;
            }
        }

        return false;
    }
}
