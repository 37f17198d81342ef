using System.Buffers.Binary;
using System.Text;

namespace Portal.Shared.Files;

/// <summary>What the bytes of an accepted image say it is.</summary>
public sealed record ImageInfo(string ContentType, int Width, int Height);

/// <summary>
/// Decides an image's type from its content, never its name or declared type (checklist F1): PNG,
/// JPEG and WebP whose headers parse and whose dimensions are sane. Anything else, SVG and HTML
/// or script dressed as an image included, is refused.
/// </summary>
public static class ImageInspector
{
    public const int MaxDimension = 12_000;
    public const long MaxPixels = 50_000_000;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PngEnd = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
    private static readonly string[] MarkupMarkers = ["<script", "<html", "<svg", "<!doctype", "<body", "<iframe", "javascript:"];

    public static ImageInfo? Inspect(ReadOnlySpan<byte> data)
    {
        var info = InspectPng(data) ?? InspectJpeg(data) ?? InspectWebP(data);
        if (info is null
            || info.Width is <= 0 or > MaxDimension
            || info.Height is <= 0 or > MaxDimension
            || (long)info.Width * info.Height > MaxPixels
            || ContainsMarkup(data))
        {
            return null;
        }

        return info;
    }

    private static ImageInfo? InspectPng(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8 + 25 + PngEnd.Length || !data.StartsWith(PngSignature))
        {
            return null;
        }

        var header = data[8..];
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != 13 || !header.Slice(4, 4).SequenceEqual("IHDR"u8) || !data.EndsWith(PngEnd))
        {
            return null;
        }

        return new ImageInfo("image/png", (int)BinaryPrimitives.ReadUInt32BigEndian(header[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(header[12..]));
    }

    private static ImageInfo? InspectJpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF)
        {
            return null;
        }

        var position = 2;
        while (position + 9 < data.Length)
        {
            if (data[position] != 0xFF)
            {
                return null;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (length < 2)
            {
                return null;
            }

            // Start-of-frame markers carry the dimensions; C4, C8 and CC are other segments.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]);
                return new ImageInfo("image/jpeg", width, height);
            }

            position += 2 + length;
        }

        return null;
    }

    private static ImageInfo? InspectWebP(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return null;
        }

        var chunk = data.Slice(12, 4);
        var body = data[20..];
        if (chunk.SequenceEqual("VP8 "u8) && body.Length >= 10 && body[3] == 0x9D && body[4] == 0x01 && body[5] == 0x2A)
        {
            return new ImageInfo("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && body.Length >= 5 && body[0] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
            return new ImageInfo("image/webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8) && body.Length >= 10)
        {
            var width = 1 + (body[4] | (body[5] << 8) | (body[6] << 16));
            var height = 1 + (body[7] | (body[8] << 8) | (body[9] << 16));
            return new ImageInfo("image/webp", width, height);
        }

        return null;
    }

    private static bool ContainsMarkup(ReadOnlySpan<byte> data)
    {
        // Latin-1 keeps one char per byte, so offsets line up and nothing is lost.
        var text = Encoding.Latin1.GetString(data);
        foreach (var marker in MarkupMarkers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
