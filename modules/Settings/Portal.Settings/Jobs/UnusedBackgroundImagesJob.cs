using Microsoft.Extensions.Logging;
using Portal.Shared.Database;
using Portal.Shared.Files;
using Portal.Shared.Jobs;

namespace Portal.Settings.Jobs;

/// <summary>An image is uploaded before the page is saved; one never saved, or since replaced, is deleted a day later.</summary>
[RecurringJob("settings.unused-background-images", "0 15 4 * * *", Description = "Deletes uploaded background images that no clinic uses, a day after upload.")]
internal sealed class UnusedBackgroundImagesJob(IDbSession db, IFileStore files, TimeProvider clock, ILogger<UnusedBackgroundImagesJob> logger) : IRecurringJob
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var keys = await db.QueryAsync<string>(
            """
            delete from settings.background_images image
            where image.uploaded_at < @before
              and not exists (select 1 from settings.portal_settings s where s.background_image_id = image.id)
            returning image.storage_key
            """,
            new { before = clock.GetUtcNow() - KeepFor },
            cancellationToken);
        foreach (var key in keys)
        {
            await files.DeleteAsync(key, cancellationToken);
        }

        if (keys.Count > 0)
        {
            logger.LogInformation("Deleted {Count} unused background images", keys.Count);
        }
    }
}
