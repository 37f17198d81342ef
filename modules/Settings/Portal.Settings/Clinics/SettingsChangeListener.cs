using Portal.Shared.Database;

namespace Portal.Settings.Clinics;

/// <summary>
/// Every save notifies the clinic's id on <c>portal_settings_changed</c>; each host then drops that
/// clinic from its cache. When the listening connection comes back, everything is dropped, since
/// notifications may have been missed in between.
/// </summary>
internal sealed class SettingsChangeListener(SettingsCache cache) : IDatabaseNotificationSubscriber
{
    public const string ChannelName = "portal_settings_changed";

    public string Channel => ChannelName;

    public void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var clinicId))
        {
            cache.Invalidate(clinicId);
        }
    }

    public void OnListening() => cache.InvalidateAll();
}
