using Microsoft.Extensions.Caching.Memory;
using Portal.Settings.Contracts;
using Portal.Shared.Caching;

namespace Portal.Settings.Clinics;

/// <summary>
/// The clinic and portal-settings cache of this host. Every save notifies the clinic's id on
/// <c>portal_settings_changed</c> (<see cref="SettingsNotifications"/>); each host then drops that clinic.
/// </summary>
internal sealed class SettingsCache(IMemoryCache cache) : ClinicCache(cache, Lifetime)
{
    public const string ChannelName = SettingsChanges.Channel;

    // A safety net for a notification lost while the listener reconnects.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
}
