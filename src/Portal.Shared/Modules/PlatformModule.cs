using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Shared.Modules;

/// <summary>The building blocks' own schema: migrations journal, audit log, Data Protection keys.</summary>
public sealed class PlatformModule : IPortalModule
{
    public string Name => "Platform";

    public string Schema => "platform";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // Registered by PlatformRegistration.AddPortalPlatform, which every host calls first.
    }
}
