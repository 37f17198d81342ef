using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Portal.TestKit;

/// <summary>Real photos made by the test: JPEGs encoded here, one with a camera's EXIF block (GPS position, make, model, serial) built byte by byte.</summary>
public static class TestPhotos
{
    public const string CameraMake = "PortalTestCam";
    public const string CameraModel = "GPS-Model-X9";
    public const string CameraSerial = "SN-4242-PRIVATE";

    /// <summary>A JPEG of <paramref name="width"/> × <paramref name="height"/>: a colour gradient, so it is not trivially compressible.</summary>
    public static byte[] Jpeg(int width = 640, int height = 480, SKColor? tint = null)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(width, height), [tint ?? SKColors.Coral, SKColors.SteelBlue], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var pixels = bitmap.PeekPixels();
        using var data = pixels.Encode(new SKJpegEncoderOptions(85, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("Skia could not encode the JPEG.");
        return data.ToArray();
    }

    /// <summary>A PNG made by Skia.</summary>
    public static byte[] Png(int width = 200, int height = 150)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        bitmap.Erase(SKColors.SeaGreen);
        using var pixels = bitmap.PeekPixels();
        using var data = pixels.Encode(SKPngEncoderOptions.Default) ?? throw new InvalidOperationException("Skia could not encode the PNG.");
        return data.ToArray();
    }

    /// <summary>
    /// A JPEG as a phone writes it: an EXIF APP1 segment right after the start of image, with the camera's make,
    /// model and body serial number, an orientation (6: turn 90° clockwise to view) and a GPS position in Montréal.
    /// </summary>
    public static byte[] JpegWithGpsExif(int width = 640, int height = 480)
    {
        var jpeg = Jpeg(width, height);
        var exif = ExifBlock();
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>The JPEG markers before the image data (APPn, COM, DQT, SOF…), to see which metadata segments a file has.</summary>
    public static IReadOnlyList<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            var marker = jpeg[position + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
        }

        return markers;
    }

    /// <summary>Whether <paramref name="text"/> occurs in <paramref name="bytes"/> as ASCII.</summary>
    public static bool ContainsAscii(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    private static byte[] ExifBlock()
    {
        // A big-endian TIFF structure: IFD0 (make, model, orientation, pointers), the Exif IFD (serial) and the GPS IFD.
        var ifd0 = new List<Entry>
        {
            Ascii(0x010F, CameraMake),
            Ascii(0x0110, CameraModel),
            new(0x0112, 3, 1, [0x00, 0x06, 0x00, 0x00]),
            new(0x8769, 4, 1, new byte[4]),
            new(0x8825, 4, 1, new byte[4]),
        };
        var exifIfd = new List<Entry> { Ascii(0xA431, CameraSerial) };
        var gpsIfd = new List<Entry>
        {
            new(0x0000, 1, 4, [2, 3, 0, 0]),
            Ascii(0x0001, "N"),
            new(0x0002, 5, 3, Rationals((45, 1), (30, 1), (1234, 100))),
            Ascii(0x0003, "W"),
            new(0x0004, 5, 3, Rationals((73, 1), (34, 1), (5678, 100))),
        };
        const int firstIfd = 8;
        var exifAt = firstIfd + Size(ifd0);
        var gpsAt = exifAt + Size(exifIfd);
        BinaryPrimitives.WriteUInt32BigEndian(ifd0[3].Value, (uint)exifAt);
        BinaryPrimitives.WriteUInt32BigEndian(ifd0[4].Value, (uint)gpsAt);

        using var tiff = new MemoryStream();
        tiff.Write("MM\0*"u8);
        tiff.Write([0, 0, 0, firstIfd]);
        WriteIfd(tiff, ifd0, firstIfd);
        WriteIfd(tiff, exifIfd, exifAt);
        WriteIfd(tiff, gpsIfd, gpsAt);
        return [.. "Exif\0\0"u8.ToArray(), .. tiff.ToArray()];
    }

    private sealed record Entry(ushort Tag, ushort Type, uint Count, byte[] Value);

    private static Entry Ascii(ushort tag, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "\0");
        return new Entry(tag, 2, (uint)bytes.Length, bytes.Length < 4 ? [.. bytes, .. new byte[4 - bytes.Length]] : bytes);
    }

    private static byte[] Rationals(params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8), values[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((i * 8) + 4), values[i].Denominator);
        }

        return bytes;
    }

    private static int Padded(int length) => length + (length % 2);

    private static int Size(List<Entry> entries) =>
        2 + (12 * entries.Count) + 4 + entries.Where(e => e.Value.Length > 4).Sum(e => Padded(e.Value.Length));

    private static void WriteIfd(MemoryStream tiff, List<Entry> entries, int at)
    {
        var dataAt = at + 2 + (12 * entries.Count) + 4;
        var data = new MemoryStream();
        var header = new byte[12];
        tiff.Write([(byte)(entries.Count >> 8), (byte)entries.Count]);
        foreach (var entry in entries.OrderBy(e => e.Tag))
        {
            BinaryPrimitives.WriteUInt16BigEndian(header, entry.Tag);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), entry.Type);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), entry.Count);
            if (entry.Value.Length <= 4)
            {
                Array.Clear(header, 8, 4);
                entry.Value.CopyTo(header, 8);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)(dataAt + data.Length));
                data.Write(entry.Value);
                if (entry.Value.Length % 2 == 1)
                {
                    data.WriteByte(0);
                }
            }

            tiff.Write(header);
        }

        tiff.Write([0, 0, 0, 0]);
        tiff.Write(data.ToArray());
    }
}
