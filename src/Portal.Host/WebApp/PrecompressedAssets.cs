using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Portal.Host.WebApp;

/// <summary>
/// Serves the Brotli or gzip copy of a web app asset that the build made beside it (<c>app-1a2b.js.br</c>,
/// <c>app-1a2b.js.gz</c>) to a browser that accepts it, and the asset itself to one that does not. Only the
/// hashed scripts and styles are compressed, never an API answer (ADR 24): they hold no secret and echo no input.
/// </summary>
internal static class PrecompressedAssets
{
    /// <summary>The copies the build writes, best first.</summary>
    private static readonly (string Encoding, string Suffix)[] Copies = [("br", ".br"), ("gzip", ".gz")];

    /// <summary>
    /// Before the static files: points a request for an asset at its compressed copy when the browser accepts
    /// one and the build made it, and refuses a request for a copy by its own name (it would arrive without its encoding).
    /// </summary>
    public static Func<HttpContext, RequestDelegate, Task> Choose(IFileProvider assets) => (context, next) =>
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !request.Path.StartsWithSegments("/assets", out var file) || !file.HasValue)
        {
            return next(context);
        }

        if (Copies.Any(copy => file.Value.EndsWith(copy.Suffix, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var copies = Copies.Where(copy => assets.GetFileInfo(file.Value + copy.Suffix).Exists).ToList();
        if (copies.Count == 0)
        {
            return next(context);
        }

        // The answer depends on Accept-Encoding from here on, whichever is chosen.
        context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Accepted(request.Headers.AcceptEncoding, copies) is { } chosen)
        {
            request.Path = new PathString(request.Path.Value + chosen.Suffix);
            context.Response.Headers.ContentEncoding = chosen.Encoding;
        }

        return next(context);
    };

    /// <summary>The content type of the asset a compressed copy stands for: that of <c>app.js</c> for <c>app.js.br</c>.</summary>
    public sealed class ContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _types = new();

        public bool TryGetContentType(string subpath, [MaybeNullWhen(false)] out string contentType)
        {
            foreach (var (_, suffix) in Copies)
            {
                if (subpath.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return _types.TryGetContentType(subpath[..^suffix.Length], out contentType);
                }
            }

            return _types.TryGetContentType(subpath, out contentType);
        }
    }

    /// <summary>The first of <paramref name="copies"/> that Accept-Encoding allows (by name, else by <c>*</c>, with q above 0), or null.</summary>
    private static (string Encoding, string Suffix)? Accepted(IList<string> header, IReadOnlyList<(string Encoding, string Suffix)> copies)
    {
        if (!StringWithQualityHeaderValue.TryParseList(header, out var accepted))
        {
            return null;
        }

        foreach (var copy in copies)
        {
            var entry = accepted.FirstOrDefault(value => value.Value.Equals(copy.Encoding, StringComparison.OrdinalIgnoreCase))
                ?? accepted.FirstOrDefault(value => value.Value.Equals("*", StringComparison.Ordinal));
            if (entry is not null && (entry.Quality ?? 1) > 0)
            {
                return copy;
            }
        }

        return null;
    }
}
