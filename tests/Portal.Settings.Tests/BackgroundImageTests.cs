using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Settings.Tests;

public sealed partial class BackgroundImageTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task F1_an_image_is_typed_by_its_content_not_by_the_type_the_browser_declared()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        using var png = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), TestImages.Png(120, 80), "image/jpeg");
        using var jpeg = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), TestImages.JpegHeader(640, 480), "application/octet-stream");
        using var webp = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), TestImages.WebPHeader(300, 150), "image/png");

        await png.ShouldHaveStatusAsync(HttpStatusCode.Created);
        await jpeg.ShouldHaveStatusAsync(HttpStatusCode.Created);
        await webp.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var pngView = await png.ReadJsonAsync();
        pngView.GetProperty("contentType").GetString().ShouldBe("image/png");
        pngView.GetProperty("width").GetInt32().ShouldBe(120);
        pngView.GetProperty("height").GetInt32().ShouldBe(80);
        (await jpeg.ReadJsonAsync()).GetProperty("contentType").GetString().ShouldBe("image/jpeg");
        (await webp.ReadJsonAsync()).GetProperty("contentType").GetString().ShouldBe("image/webp");
    }

    [Fact]
    public async Task F1_an_upload_over_5_MB_is_refused_with_413_and_nothing_is_stored()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var huge = new byte[(5 * 1024 * 1024) + 1];
        TestImages.Png().CopyTo(huge, 0);

        using var response = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), huge, "image/png");

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        (await App.QuerySingleAsync<long>("select count(*) from settings.background_images where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);
    }

    [Fact]
    public async Task F1_a_chunked_upload_that_grows_past_5_MB_is_refused_with_413()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var content = new StreamContent(new MemoryStream(new byte[6 * 1024 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");

        using var response = await owner.SendAsync(HttpMethod.Post, SettingsApi.Uploads(clinic), content, request => request.Headers.TransferEncodingChunked = true);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await App.QuerySingleAsync<long>("select count(*) from settings.background_images where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);
    }

    public static TheoryData<string, byte[]> Disguises => new()
    {
        { "html", TestImages.HtmlPretendingToBeAnImage() },
        { "svg with script", TestImages.Svg() },
        { "png with script appended", TestImages.PngWithScriptAppended() },
        { "random bytes", [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 7))] },
    };

    [Theory]
    [MemberData(nameof(Disguises))]
    public async Task F1_html_svg_and_scripts_dressed_as_images_are_refused_with_415(string what, byte[] content)
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), content, "image/png");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_image");
        (await App.QuerySingleAsync<long>("select count(*) from settings.background_images where clinic_id = @id", new { id = clinic.Id }))
            .ShouldBe(0, what);
    }

    [Fact]
    public async Task An_empty_upload_is_refused()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), [], "image/png");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "empty_upload");
    }

    [Fact]
    public async Task F2_images_are_stored_outside_the_web_root_under_generated_names()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var image = TestImages.Png(10, 10, red: 1);
        var id = await owner.UploadBackgroundAsync(clinic, image);

        var key = await App.QuerySingleAsync<string>("select storage_key from settings.background_images where id = @id", new { id });

        GeneratedKey().IsMatch(key).ShouldBeTrue(key);
        // The default store keeps files in the database, nowhere under a web root.
        (await App.QuerySingleAsync<(long, string)>("select byte_length, sha256 from platform.files where key = @key", new { key }))
            .ShouldBe((image.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image))));
        File.Exists(Path.Combine(RepositoryPaths.Combine("src", "Portal.Web"), key)).ShouldBeFalse();
        using var visitor = App.CreateClient();
        using var direct = await visitor.GetAsync("/" + key);
        direct.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await direct.Content.ReadAsByteArrayAsync()).ShouldNotBe(image);
    }

    [Fact]
    public async Task F2_images_are_served_inline_with_their_checked_type_nosniff_and_a_sandbox()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var image = TestImages.Png(20, 20);
        var id = await owner.UploadBackgroundAsync(clinic, image);

        using var response = await owner.GetAsync($"{SettingsApi.Uploads(clinic)}/{id}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(image);
    }

    [Fact]
    public async Task An_uploaded_image_becomes_public_only_once_it_is_saved_as_the_background()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        using var visitor = App.CreateClient();
        var chosen = await owner.UploadBackgroundAsync(clinic);
        var other = await owner.UploadBackgroundAsync(clinic, TestImages.Png(8, 8));
        string PublicUrl(Guid id) => $"/api/clinics/{clinic.Slug}/portal/background-images/{id}";

        using (var before = await visitor.GetAsync(PublicUrl(chosen)))
        {
            await before.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        var saved = SettingsBody.From(await owner.SaveSettingsAsync(clinic, (await owner.CurrentBodyAsync(clinic)) with { BackgroundImageId = chosen }));
        var portal = await visitor.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/portal");
        portal.GetProperty("backgroundImageUrl").GetString().ShouldBe(PublicUrl(chosen));
        using (var now = await visitor.GetAsync(PublicUrl(chosen)))
        {
            await now.ShouldHaveStatusAsync(HttpStatusCode.OK);
            now.Headers.CacheControl!.Public.ShouldBeTrue();
        }

        using (var notChosen = await visitor.GetAsync(PublicUrl(other)))
        {
            await notChosen.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        await owner.SaveSettingsAsync(clinic, saved with { BackgroundImageId = null });
        using var removed = await visitor.GetAsync(PublicUrl(chosen));
        await removed.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [GeneratedRegex("^settings/background/[0-9a-f]{32}$")]
    private static partial Regex GeneratedKey();
}
