using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Settings.Features.PortalSettings;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;
using Portal.Shared.Security;

namespace Portal.Settings.Features.BackgroundImages;

/// <summary>
/// S7, "Select a background image": the upload is kept but not used until the page is saved with
/// its id, so the whole page still changes with one save.
/// </summary>
internal sealed record UploadBackgroundImageCommand(ReadOnlyMemory<byte> Content) : ICommand<BackgroundImageView>;

internal sealed class UploadBackgroundImageHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit, IFileStore files, TimeProvider clock)
    : IRequestHandler<UploadBackgroundImageCommand, Result<BackgroundImageView>>
{
    public async Task<Result<BackgroundImageView>> Handle(UploadBackgroundImageCommand request, CancellationToken cancellationToken)
    {
        if (request.Content.IsEmpty)
        {
            return Error.Validation("empty_upload", "The upload is empty. Choose an image file.");
        }

        var image = ImageInspector.Inspect(request.Content.Span);
        if (image is null)
        {
            return Error.UnsupportedMediaType(
                "unsupported_image", "Upload a PNG, JPEG or WebP image. The file's content decides its type, not its name.");
        }

        StoredFile stored;
        using (var content = new MemoryStream(request.Content.ToArray(), writable: false))
        {
            stored = await files.SaveAsync(UploadBackgroundImageEndpoint.StorageArea, content, cancellationToken);
        }

        db.OnRollback(ct => files.DeleteAsync(stored.Key, ct));
        var imageId = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into settings.background_images
                (id, clinic_id, storage_key, content_type, byte_length, width, height, sha256, uploaded_at, uploaded_by)
            values
                (@imageId, @clinicId, @Key, @ContentType, @Length, @Width, @Height, @Sha256, @now, @actorId)
            """,
            new
            {
                imageId,
                clinicId = clinic.ClinicId,
                stored.Key,
                image.ContentType,
                Length = (int)stored.Length,
                image.Width,
                image.Height,
                stored.Sha256,
                now = clock.GetUtcNow(),
                actorId = actor.Actor.Id,
            },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(
                "settings.background_image.uploaded",
                clinic.ClinicId,
                "background_image",
                imageId.ToString(),
                new { image.ContentType, bytes = stored.Length, image.Width, image.Height, stored.Sha256 }),
            cancellationToken);

        return new BackgroundImageView(imageId, BackgroundImageUrls.Preview(clinic.Clinic.Slug, imageId), image.ContentType, image.Width, image.Height);
    }
}

internal sealed class UploadBackgroundImageEndpoint : ICarterModule
{
    /// <summary>Where background images are kept in the file store.</summary>
    public const string StorageArea = "settings/background";

    /// <summary>Five megabytes: ample for a watermark, small enough to refuse at once.</summary>
    public const long MaxBytes = 5 * 1024 * 1024;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/settings/portal")
            .MapPost("/background-images", Handle)
            .RequireAuthorization(Policies.ClinicManager)
            .WithRequestSizeLimit(MaxBytes)
            .DescribesBinaryBody("image/png", "image/jpeg", "image/webp", "application/octet-stream")
            .WithTags("Settings")
            .WithName("UploadBackgroundImage")
            .WithSummary("Uploads a background image (PNG, JPEG or WebP, at most 5 MB) to choose on the settings page.")
            .ProducesProblems(
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<BackgroundImageView>, ErrorHttpResult>> Handle(
        HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var result = await mediator.Send(new UploadBackgroundImageCommand(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), cancellationToken);
        return result.ToHttp(view => TypedResults.Created(view.Url, view));
    }
}
