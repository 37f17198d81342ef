using Portal.Shared.Files;
using SkiaSharp;

namespace Portal.Registration.Documents;

/// <summary>A photo as stored: its pixels re-encoded without any metadata, and a small JPEG of it.</summary>
internal sealed record CleanedPhoto(byte[] Image, string ContentType, byte[] Thumbnail);

/// <summary>
/// Makes a patient's photo safe to keep (F3): the file is decoded with SkiaSharp and its pixels, turned the way
/// the camera's orientation tag says, are encoded again in the same format. Nothing of the original file but
/// its pixels survives: no EXIF (GPS position, camera make, model or serial), XMP, comments or appended data.
/// A file Skia cannot decode is not a photo.
/// </summary>
internal static class PhotoCleaner
{
    public const int ThumbnailMaxSide = 320;

    private const int JpegQuality = 90;

    private const int WebPQuality = 90;

    private const int ThumbnailQuality = 80;

    /// <summary>The image types a photo may be; HEIC/HEIF is not among them because SkiaSharp cannot decode it on Linux.</summary>
    public static readonly IReadOnlySet<string> Accepted = new HashSet<string>(StringComparer.Ordinal)
    {
        ContentInspector.Jpeg, ContentInspector.Png, ContentInspector.WebP,
    };

    /// <summary>The cleaned photo, or null when the bytes do not decode as an image of <paramref name="contentType"/>.</summary>
    public static CleanedPhoto? Clean(byte[] content, string contentType)
    {
        if (!Accepted.Contains(contentType) || (contentType == ContentInspector.Jpeg && !EndsAsJpeg(content)))
        {
            return null;
        }

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || FormatOf(codec.EncodedFormat) != contentType
            || codec.Info.Width is <= 0 or > ImageInspector.MaxDimension
            || codec.Info.Height is <= 0 or > ImageInspector.MaxDimension
            || (long)codec.Info.Width * codec.Info.Height > ImageInspector.MaxPixels)
        {
            return null;
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return null;
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        var image = Encode(upright, contentType);
        using var thumbnail = Shrink(upright);
        var small = thumbnail.Encode(SKEncodedImageFormat.Jpeg, ThumbnailQuality).ToArray();
        return image is null || small.Length == 0 ? null : new CleanedPhoto(image, contentType, small);
    }

    /// <summary>A JPEG ends with its end-of-image marker; a file with something after it (a zip, a script) is a polyglot and refused.</summary>
    private static bool EndsAsJpeg(byte[] content) =>
        content.Length >= 4 && content[^2] == 0xFF && content[^1] == 0xD9;

    private static string? FormatOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ContentInspector.Jpeg,
        SKEncodedImageFormat.Png => ContentInspector.Png,
        SKEncodedImageFormat.Webp => ContentInspector.WebP,
        _ => null,
    };

    private static byte[]? Encode(SKBitmap bitmap, string contentType)
    {
        using var pixels = bitmap.PeekPixels();
        using SKData? encoded = contentType switch
        {
            ContentInspector.Jpeg => pixels.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
            ContentInspector.Png => pixels.Encode(SKPngEncoderOptions.Default),
            ContentInspector.WebP => pixels.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebPQuality)),
            _ => null,
        };
        return encoded is null || encoded.Size == 0 ? null : encoded.ToArray();
    }

    /// <summary>The bitmap turned so that it shows the way the camera's orientation tag says, since the tag itself is dropped.</summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return source.Copy();
        }

        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var width = swaps ? source.Height : source.Width;
        var height = swaps ? source.Width : source.Height;
        var turned = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType, source.ColorSpace));
        using var canvas = new SKCanvas(turned);
        canvas.SetMatrix(OrientationMatrix(origin, source.Width, source.Height));
        canvas.DrawBitmap(source, 0, 0);
        canvas.Flush();
        return turned;
    }

    /// <summary>Maps the stored pixels (w × h) onto the upright image, for each of the EXIF orientations 2 to 8.</summary>
    private static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    /// <summary>At most <see cref="ThumbnailMaxSide"/> pixels on its long side, on white where the photo is transparent.</summary>
    private static SKBitmap Shrink(SKBitmap source)
    {
        var scale = Math.Min(1.0, (double)ThumbnailMaxSide / Math.Max(source.Width, source.Height));
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        var thumbnail = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        using var canvas = new SKCanvas(thumbnail);
        canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        canvas.Flush();
        return thumbnail;
    }
}
