using System.Text;
using Portal.Shared.Files;

namespace Portal.Shared.Tests;

public sealed class ContentInspectorTests
{
    private static readonly byte[] Mp4 = [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isom"u8]), .. Box("moov", new byte[40]), .. Box("mdat", new byte[300])];

    private static readonly byte[] WebM =
    [
        0x1A, 0x45, 0xDF, 0xA3, 0x8B, 0x42, 0x82, 0x84, .. "webm"u8, 0x42, 0x87, 0x81, 0x04,
        0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. new byte[100],
    ];

    public static TheoryData<string, byte[], string> WellFormed => new()
    {
        { "pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\nendobj\n%%EOF"), ContentInspector.Pdf },
        { "png", TestImages.Png(), ContentInspector.Png },
        { "jpeg", TestImages.JpegHeader(), ContentInspector.Jpeg },
        { "webp", TestImages.WebPHeader(), ContentInspector.WebP },
        { "mp4", Mp4, ContentInspector.Mp4 },
        { "webm", WebM, ContentInspector.WebM },
        { "text", Encoding.UTF8.GetBytes("Tension artérielle 120/80\r\n\tnormale\n"), ContentInspector.Text },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public async Task F1_each_accepted_type_is_named_by_its_first_bytes_and_verified_whole(string what, byte[] content, string expected)
    {
        ContentInspector.Sniff(content.AsSpan(0, Math.Min(content.Length, ContentInspector.HeadLength))).ShouldBe(expected, what);
        (await ContentInspector.VerifyAsync(expected, new MemoryStream(content), CancellationToken.None)).ShouldBeTrue(what);
    }

    public static TheoryData<string, byte[]> Refused => new()
    {
        { "empty", [] },
        { "GIF", "GIF89a\x01\x00\x01\x00\x00\x00"u8.ToArray() },
        { "Windows program", [0x4D, 0x5A, 0x90, 0x00, 0x03] },
        { "ZIP", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] },
        { "Matroska that is not WebM", [0x1A, 0x45, 0xDF, 0xA3, 0x88, 0x42, 0x82, 0x88, .. "matroska"u8] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void F1_content_with_no_accepted_signature_is_named_nothing(string what, byte[] content)
    {
        ContentInspector.Sniff(content).ShouldBeNull(what);
    }

    public static TheoryData<string, string, byte[]> Malformed => new()
    {
        { "PDF without its trailer", ContentInspector.Pdf, Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\nendobj\n") },
        { "MP4 cut inside a box", ContentInspector.Mp4, Mp4[..^1] },
        { "MP4 with garbage after its boxes", ContentInspector.Mp4, [.. Mp4, 1, 2, 3] },
        { "MP4 with only ftyp", ContentInspector.Mp4, Box("ftyp", [.. "isom"u8, 0, 0, 2, 0]) },
        { "MP4 box of size 4", ContentInspector.Mp4, [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0]), 0, 0, 0, 4, .. "mdat"u8] },
        { "MP4 box with an unprintable type", ContentInspector.Mp4, [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0]), .. Box("md\0t", new byte[10])] },
        { "WebM header without a segment", ContentInspector.WebM, WebM[..16] },
        { "WebM with something else after its header", ContentInspector.WebM, [.. WebM[..16], 0x1F, 0x43, 0xB6, 0x75, .. WebM[20..]] },
        { "text in Latin-1", ContentInspector.Text, [.. "Caf"u8, 0xE9] },
        { "text with a NUL", ContentInspector.Text, [.. "abc"u8, 0, .. "def"u8] },
        { "text with an escape code", ContentInspector.Text, [.. "abc"u8, 0x1B, .. "[2J"u8] },
        { "text cut inside a character", ContentInspector.Text, [.. "Caf"u8, 0xC3] },
        { "PNG with a script appended", ContentInspector.Png, TestImages.PngWithScriptAppended() },
        { "JPEG checked as PNG", ContentInspector.Png, TestImages.JpegHeader() },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task F1_a_file_that_only_starts_like_an_accepted_type_fails_verification(string what, string contentType, byte[] content)
    {
        (await ContentInspector.VerifyAsync(contentType, new MemoryStream(content), CancellationToken.None)).ShouldBeFalse(what);
    }

    [Fact]
    public async Task F1_an_unknown_content_type_is_never_verified()
    {
        (await ContentInspector.VerifyAsync("text/html", new MemoryStream("<p>hi</p>"u8.ToArray()), CancellationToken.None)).ShouldBeFalse();
    }

    private static byte[] Box(string type, byte[] body)
    {
        var size = 8 + body.Length;
        return [(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size, .. Encoding.ASCII.GetBytes(type), .. body];
    }
}
