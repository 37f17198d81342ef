using System.IO.Compression;
using System.Net;
using System.Text;

namespace Portal.Shared.Tests;

/// <summary>
/// A built web app as the build leaves it: one script with its Brotli and gzip copies, one small script without,
/// and the pages. The host serves it from <c>Portal:Web:Root</c>.
/// </summary>
public sealed class BuiltWebApp : IAsyncLifetime
{
    public const string Script = "portal-AbC123.js";
    public const string SmallScript = "index-Small1.js";

    public static readonly string ScriptText = string.Concat(Enumerable.Repeat("export const greeting = 'Bonjour, patient';\n", 200));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-web-" + Guid.NewGuid().ToString("N"));
    private PortalApp? _app;

    public PortalApp App => _app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var assets = Directory.CreateDirectory(Path.Combine(_root, "assets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(_root, "portal.html"), "<!doctype html><title>Portal</title>");
        var script = Encoding.UTF8.GetBytes(ScriptText);
        await File.WriteAllBytesAsync(Path.Combine(assets, Script), script);
        await File.WriteAllBytesAsync(Path.Combine(assets, Script + ".br"), Compress(script, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
        await File.WriteAllBytesAsync(Path.Combine(assets, Script + ".gz"), Compress(script, s => new GZipStream(s, CompressionLevel.SmallestSize)));
        await File.WriteAllTextAsync(Path.Combine(assets, SmallScript), "export {};");
        var options = new PortalAppOptions();
        options.Settings["Portal:Web:Root"] = _root;
        _app = await PortalApp.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(content);
        }

        return output.ToArray();
    }
}

/// <summary>The web app's scripts and styles go compressed to browsers that accept it, and API answers never do (BREACH).</summary>
public sealed class CompressedAssetTests(BuiltWebApp web) : IClassFixture<BuiltWebApp>
{
    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "br")]
    [InlineData("br;q=0, *", "gzip")]
    public async Task A_script_goes_in_the_best_encoding_the_browser_accepts_with_its_own_type_and_cache_headers(string accept, string encoding)
    {
        using var response = await GetAsync($"/assets/{BuiltWebApp.Script}", accept);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldBe([encoding]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        response.Headers.Vary.ShouldBe(["Accept-Encoding"]);
        response.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
        var body = await response.Content.ReadAsByteArrayAsync();
        body.Length.ShouldBeLessThan(Encoding.UTF8.GetByteCount(BuiltWebApp.ScriptText) / 4);
        Decompress(body, encoding).ShouldBe(BuiltWebApp.ScriptText);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("br;q=0, gzip;q=0")]
    [InlineData("deflate")]
    public async Task A_browser_that_accepts_neither_gets_the_script_itself(string? accept)
    {
        using var response = await GetAsync($"/assets/{BuiltWebApp.Script}", accept);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
        response.Headers.Vary.ShouldBe(["Accept-Encoding"]);
        (await response.Content.ReadAsStringAsync()).ShouldBe(BuiltWebApp.ScriptText);
    }

    [Fact]
    public async Task An_asset_the_build_did_not_compress_goes_as_it_is_without_vary()
    {
        using var response = await GetAsync($"/assets/{BuiltWebApp.SmallScript}", "br, gzip");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
        response.Headers.Vary.ShouldBeEmpty();
        (await response.Content.ReadAsStringAsync()).ShouldBe("export {};");
    }

    [Theory]
    [InlineData(".br")]
    [InlineData(".gz")]
    [InlineData(".BR")]
    public async Task A_compressed_copy_asked_for_by_its_own_name_is_not_found(string suffix)
    {
        using var response = await GetAsync($"/assets/{BuiltWebApp.Script}{suffix}", "br, gzip");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/clinics/no-such-clinic/portal")]
    [InlineData("/no-such-clinic/")]
    public async Task Pages_and_api_answers_are_never_compressed(string path)
    {
        using var response = await GetAsync(path, "br, gzip");

        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = web.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string Decompress(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream stream = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
