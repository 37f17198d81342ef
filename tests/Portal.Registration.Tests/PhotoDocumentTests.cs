using System.Net;
using Portal.Registration.Documents;
using Portal.Shared.Files;
using SkiaSharp;
using static Portal.Registration.Tests.DocumentSamples;

namespace Portal.Registration.Tests;

/// <summary>F3 for every photo in the chart, whoever adds it: stored re-encoded, upright, without metadata, with a thumbnail.</summary>
public sealed class PhotoDocumentTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task F3_a_photo_staff_add_to_the_chart_loses_its_gps_and_camera_data_and_gets_a_thumbnail()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);

        var added = await staff.AddDocumentAsync(clinic, patientId, TestPhotos.JpegWithGpsExif(), type: "photo", title: "Wound, day 3");

        added.GetProperty("contentType").GetString().ShouldBe("image/jpeg");
        added.GetProperty("forReviewAtVisit").GetBoolean().ShouldBeFalse();
        using var download = await staff.GetAsync(added.GetProperty("downloadUrl").GetString()!);
        var stored = await download.Content.ReadAsByteArrayAsync();
        TestPhotos.JpegMarkers(stored).ShouldNotContain((byte)0xE1);
        foreach (var text in new[] { "Exif", TestPhotos.CameraMake, TestPhotos.CameraModel, TestPhotos.CameraSerial })
        {
            TestPhotos.ContainsAscii(stored, text).ShouldBeFalse(text);
        }

        added.GetProperty("size").GetInt64().ShouldBe(stored.Length);
        using var thumbnail = await staff.GetAsync(added.GetProperty("thumbnailUrl").GetString()!);
        await thumbnail.ShouldHaveStatusAsync(HttpStatusCode.OK);
        thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task F1_a_pdf_added_as_a_photo_is_refused()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);

        using var form = Form(Pdf(), type: "photo");
        using var response = await staff.UploadAsync(clinic, patientId, form);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_photo_type");
    }

    [Theory]
    [InlineData(1, 640, 480)]
    [InlineData(3, 640, 480)]
    [InlineData(6, 480, 640)]
    [InlineData(8, 480, 640)]
    public void F3_the_cleaner_turns_the_photo_as_its_orientation_tag_says(int orientation, int width, int height)
    {
        var jpeg = WithOrientation(TestPhotos.JpegWithGpsExif(640, 480), orientation);

        var cleaned = PhotoCleaner.Clean(jpeg, ContentInspector.Jpeg).ShouldNotBeNull();

        using var codec = SKCodec.Create(new MemoryStream(cleaned.Image));
        (codec.Info.Width, codec.Info.Height).ShouldBe((width, height));
        codec.EncodedOrigin.ShouldBe(SKEncodedOrigin.TopLeft);
        using var thumbnail = SKCodec.Create(new MemoryStream(cleaned.Thumbnail));
        (thumbnail.Info.Width, thumbnail.Info.Height).ShouldBe(width > height ? (320, 240) : (240, 320));
    }

    [Fact]
    public void F3_the_cleaner_keeps_png_and_webp_in_their_format_and_refuses_what_does_not_decode()
    {
        PhotoCleaner.Clean(TestPhotos.Png(), ContentInspector.Png).ShouldNotBeNull().ContentType.ShouldBe(ContentInspector.Png);
        PhotoCleaner.Clean(TestPhotos.Png(), ContentInspector.Jpeg).ShouldBeNull();
        PhotoCleaner.Clean(TestImages.JpegHeader(), ContentInspector.Jpeg).ShouldBeNull();
        PhotoCleaner.Clean([.. TestPhotos.Jpeg(), .. "PK\u0003\u0004"u8.ToArray()], ContentInspector.Jpeg).ShouldBeNull();
        PhotoCleaner.Clean(DocumentSamples.Pdf(), ContentInspector.Pdf).ShouldBeNull();
    }

    /// <summary>The test photo with its orientation tag (a big-endian SHORT after tag 0x0112) set to <paramref name="orientation"/>.</summary>
    private static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        var tag = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
        tag.ShouldBeGreaterThan(0);
        jpeg[tag + 9] = (byte)orientation;
        return jpeg;
    }
}
