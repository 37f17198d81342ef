using Microsoft.Extensions.Hosting;

namespace Portal.Notifications.Templates;

/// <summary>Builds the template catalog when a host starts, so that a broken template stops the host rather than a send.</summary>
internal sealed class TemplateCatalogCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService(typeof(TemplateCatalog));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
