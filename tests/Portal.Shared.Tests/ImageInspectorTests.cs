using System.Text;
using Portal.Shared.Files;

namespace Portal.Shared.Tests;

public sealed class ImageInspectorTests
{
    [Fact]
    public void Png_jpeg_and_webp_are_recognised_by_their_bytes_with_their_dimensions()
    {
        ImageInspector.Inspect(TestImages.Png(64, 48)).ShouldBe(new ImageInfo("image/png", 64, 48));
        ImageInspector.Inspect(TestImages.JpegHeader(800, 600)).ShouldBe(new ImageInfo("image/jpeg", 800, 600));
        ImageInspector.Inspect(TestImages.WebPHeader(320, 200)).ShouldBe(new ImageInfo("image/webp", 320, 200));
    }

    [Fact]
    public void F1_html_svg_and_script_dressed_as_images_are_refused()
    {
        ImageInspector.Inspect(TestImages.HtmlPretendingToBeAnImage()).ShouldBeNull();
        ImageInspector.Inspect(TestImages.Svg()).ShouldBeNull();
        ImageInspector.Inspect(TestImages.PngWithScriptAppended()).ShouldBeNull();
        ImageInspector.Inspect([.. TestImages.JpegHeader(), .. Encoding.ASCII.GetBytes("<html><script>x()</script>")]).ShouldBeNull();
    }

    [Fact]
    public void Truncated_empty_and_unknown_files_are_refused()
    {
        var png = TestImages.Png();
        ImageInspector.Inspect(png.AsSpan(0, png.Length - 12)).ShouldBeNull();
        ImageInspector.Inspect(png.AsSpan(0, 20)).ShouldBeNull();
        ImageInspector.Inspect([]).ShouldBeNull();
        ImageInspector.Inspect("GIF89a\x01\x00\x01\x00"u8).ShouldBeNull();
        ImageInspector.Inspect(Encoding.ASCII.GetBytes("%PDF-1.7 not an image at all, just a document")).ShouldBeNull();
    }

    [Fact]
    public void Images_with_absurd_dimensions_are_refused()
    {
        ImageInspector.Inspect(TestImages.WebPHeader(16_000, 10)).ShouldBeNull();
        ImageInspector.Inspect(TestImages.JpegHeader(10_000, 10_000)).ShouldBeNull();
    }
}
