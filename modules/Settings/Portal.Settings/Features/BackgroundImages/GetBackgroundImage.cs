using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Files;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Security;

namespace Portal.Settings.Features.BackgroundImages;

/// <summary>
/// Serves background images (checklist F2): from the file store, with the type the content was
/// found to be, inline only because these are safe image types, never sniffed, and sandboxed.
/// Staff may preview any of their clinic's uploads; everyone else sees only the one in use.
/// </summary>
internal sealed class GetBackgroundImageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapClinicGroup("/settings/portal")
            .MapGet("/background-images/{imageId:guid}", Preview)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Settings")
            .WithName("PreviewBackgroundImage")
            .WithSummary("An uploaded background image, for staff choosing one.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp"])
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        app.MapClinicGroup("/portal")
            .MapGet("/background-images/{imageId:guid}", Public)
            .AllowAnonymous()
            .WithTags("Portal")
            .WithName("GetPortalBackgroundImage")
            .WithSummary("The background image the clinic's portal shows.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp"])
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static Task<Results<FileStreamHttpResult, ErrorHttpResult>> Preview(
        Guid imageId, IDbSession db, ClinicContext clinic, IFileStore files, HttpContext context, CancellationToken cancellationToken) =>
        ServeAsync(imageId, db, clinic, files, context, publicCache: false, cancellationToken);

    private static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> Public(
        Guid imageId, IDbSession db, ClinicContext clinic, IPortalSettings settings, IFileStore files, HttpContext context, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        return current?.BackgroundImageId == imageId
            ? await ServeAsync(imageId, db, clinic, files, context, publicCache: true, cancellationToken)
            : NotFound();
    }

    private static async Task<Results<FileStreamHttpResult, ErrorHttpResult>> ServeAsync(
        Guid imageId, IDbSession db, ClinicContext clinic, IFileStore files, HttpContext context, bool publicCache, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<StoredImageRow>(
            "select storage_key, content_type from settings.background_images where clinic_id = @clinicId and id = @imageId",
            new { clinicId = clinic.ClinicId, imageId },
            cancellationToken);
        var stream = row is null ? null : await files.OpenReadAsync(row.StorageKey, cancellationToken);
        if (row is null || stream is null)
        {
            return NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentDisposition = $"inline; filename=\"background{Extension(row.ContentType)}\"";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        // An image id names immutable bytes, so the public copy may be cached for long.
        headers.CacheControl = publicCache ? "public, max-age=86400, immutable" : "private, no-store";
        return TypedResults.Stream(stream, row.ContentType);
    }

    private static ErrorHttpResult NotFound() => Error.NotFound("image_not_found", "There is no such image.").ToHttp();

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => ".webp",
    };

    private sealed class StoredImageRow
    {
        public string StorageKey { get; init; } = "";

        public string ContentType { get; init; } = "";
    }
}
