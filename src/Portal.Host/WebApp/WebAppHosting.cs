using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Host.WebApp;

public sealed class WebAppOptions
{
    /// <summary>The built web app (<c>src/Portal.Web/dist</c>). Unset: found next to the host or up the source tree.</summary>
    public string? Root { get; set; }
}

/// <summary>Where the built web app is, found once.</summary>
internal sealed class WebAppFiles(IOptions<WebAppOptions> options)
{
    private readonly Lazy<string?> _root = new(() => Locate(options.Value.Root));

    public string? Root => _root.Value;

    private static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(published, "portal.html")))
        {
            return published;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Portal.Web", "dist");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A clinic page's first segment: a valid slug, never one the host reserves (<c>api</c>, <c>health</c>…).</summary>
internal sealed class ClinicSlugRouteConstraint : IRouteConstraint
{
    public const string Name = "clinicslug";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && ClinicSlug.IsValid(value as string);
}

/// <summary>
/// Serves the browser app built by Vite: hashed assets under <c>/assets/</c>, and one HTML page per
/// audience so patients never download the admin app: <c>/{clinic}/</c> (patient portal),
/// <c>/{clinic}/admin/</c> (clinic admin) and <c>/admin/</c> (operator console, setup links).
/// </summary>
internal static class WebAppHosting
{
    private const string SlugRoute = "{clinic:" + ClinicSlugRouteConstraint.Name + "}";

    public static void UseWebAppAssets(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<WebAppFiles>().Root;
        var assets = root is null ? null : Path.Combine(root, "assets");
        if (assets is null || !Directory.Exists(assets))
        {
            return;
        }

        var files = new PhysicalFileProvider(assets);
        app.Use(PrecompressedAssets.Choose(files));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/assets",
            ContentTypeProvider = new PrecompressedAssets.ContentTypes(),
            // Vite puts a content hash in every asset name.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
    }

    public static void MapWebAppPages(this WebApplication app)
    {
        app.MapGet("/", (HttpContext context) => PageAsync(context, "index.html", found: true)).ExcludeFromDescription();
        app.MapGet("/admin/{**path}", (HttpContext context) => PageAsync(context, "admin.html", found: true)).ExcludeFromDescription();
        app.MapGet($"/{SlugRoute}/admin/{{**path}}", ClinicPage("admin.html")).ExcludeFromDescription();
        app.MapGet($"/{SlugRoute}/{{**path}}", ClinicPage("portal.html")).ExcludeFromDescription();

        // A GET under /api that no endpoint matched (a malformed id, say) is a problem, never a page. Other
        // methods are left to routing, so that a wrong content type stays a 415.
        app.MapGet("/api/{**path}", () => new ErrorHttpResult(Error.NotFound("not_found", "There is nothing at this address.")))
            .AsNotFoundFallback()
            .ExcludeFromDescription();
    }

    private static Func<HttpContext, string, IClinicDirectory, Task> ClinicPage(string page) =>
        async (context, clinic, clinics) =>
        {
            var found = await clinics.FindBySlugAsync(clinic, context.RequestAborted) is not null;
            await PageAsync(context, page, found);
        };

    private static async Task PageAsync(HttpContext context, string page, bool found)
    {
        var root = context.RequestServices.GetRequiredService<WebAppFiles>().Root;
        var path = root is null ? null : Path.Combine(root, page);
        context.Response.Headers.CacheControl = "no-cache";
        if (path is null || !File.Exists(path))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The web app has not been built. Run build/run, or npm run build in src/Portal.Web.", context.RequestAborted);
            return;
        }

        // An unknown clinic still gets the page, which says so, but with the status a crawler understands.
        context.Response.StatusCode = found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(path, context.RequestAborted);
    }
}
