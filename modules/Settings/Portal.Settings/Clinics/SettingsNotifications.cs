using Portal.Shared.Database;

namespace Portal.Settings.Clinics;

internal static class SettingsNotifications
{
    /// <summary>Queued in the caller's transaction: PostgreSQL delivers it to every host's listener only if it commits.</summary>
    public static Task NotifyChangedAsync(IDbSession db, Guid clinicId, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            $"select pg_notify('{SettingsCache.ChannelName}', @payload)",
            new { payload = clinicId.ToString() },
            cancellationToken);
}
