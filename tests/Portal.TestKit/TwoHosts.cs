using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Caching;
using Xunit;

namespace Portal.TestKit;

/// <summary>
/// Two hosts on one database, as behind a load balancer, for a test class of its own: the class owns them, since its tests
/// look at what one host keeps in memory. They start before the class's first test and stop after its last.
/// </summary>
public abstract class TwoHostsTests : IAsyncLifetime
{
    protected PortalApp First { get; private set; } = null!;

    protected PortalApp Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = await PortalApp.StartAsync();
        Second = await First.StartSecondHostAsync();
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

public static class HostMemory
{
    /// <summary>Whether one of the host's <see cref="ClinicCache"/>s holds an entry whose own key satisfies <paramref name="key"/>.</summary>
    public static bool Keeps(this PortalApp host, Func<object, bool> key)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(key);
        var cache = (MemoryCache)host.Services.GetRequiredService<IMemoryCache>();
        return cache.Keys.OfType<ValueTuple<ClinicCache, object>>().Any(entry => key(entry.Item2));
    }
}
