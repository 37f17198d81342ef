using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Clinics;
using Portal.Settings.Contracts;
using Portal.Settings.Features.BackgroundImages;
using Portal.Shared.Caching;
using Portal.Shared.Database;
using Portal.Shared.Files;
using Portal.Shared.Modules;
using Portal.Shared.Tenancy;

namespace Portal.Settings;

/// <summary>Clinics, their addresses, and the Settings > Patient Portal page.</summary>
public sealed class SettingsModule : IPortalModule
{
    public string Name => "Settings";

    public string Schema => "settings";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SettingsCache>();
        services.AddFileOwner(UploadBackgroundImageEndpoint.StorageArea, "settings.background_images", "storage_key");
        services.AddSingleton<ClinicDirectory>();
        services.AddSingleton<IClinicDirectory>(provider => provider.GetRequiredService<ClinicDirectory>());
        services.AddSingleton<IPortalSettings>(provider => provider.GetRequiredService<ClinicDirectory>());
        services.AddScoped<StripeKeyVault>();
        services.AddScoped<IClinicStripeCredentials>(provider => provider.GetRequiredService<StripeKeyVault>());
        services.AddScoped<IClinics, Features.Clinics.Clinics>();
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<SettingsCache>(), SettingsCache.ChannelName));
    }
}
