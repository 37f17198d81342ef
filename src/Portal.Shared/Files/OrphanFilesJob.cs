using Microsoft.Extensions.Logging;
using Portal.Shared.Jobs;

namespace Portal.Shared.Files;

/// <summary>
/// A file is saved before the row that names it commits; a host that dies in between leaves a file
/// nobody names. Once a file is a day old, the module that owns its area is asked whether it still
/// names it, and it is deleted when not. Areas no module owns are left alone.
/// </summary>
[RecurringJob("platform.orphan-files", "0 45 4 * * *", Description = "Deletes stored files that no module names, a day after they were stored.")]
internal sealed class OrphanFilesJob(IFileStore files, IEnumerable<IFileOwner> owners, TimeProvider clock, ILogger<OrphanFilesJob> logger) : IRecurringJob
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);
    private const int Batch = 500;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - Grace;
        foreach (var owner in owners)
        {
            var deleted = 0;
            string? after = null;
            IReadOnlyList<string> keys;
            do
            {
                keys = await files.ListAsync(owner.Area, before, after, Batch, cancellationToken);
                if (keys.Count == 0)
                {
                    break;
                }

                var inUse = await owner.InUseAsync(keys, cancellationToken);
                foreach (var key in keys.Where(k => !inUse.Contains(k)))
                {
                    await files.DeleteAsync(key, cancellationToken);
                    deleted++;
                }

                after = keys[^1];
            }
            while (keys.Count == Batch);

            if (deleted > 0)
            {
                logger.LogWarning("Deleted {Count} stored files in {Area} that nothing named", deleted, owner.Area);
            }
        }
    }
}
