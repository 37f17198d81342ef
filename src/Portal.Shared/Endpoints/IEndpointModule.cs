using System.Reflection;
using Microsoft.AspNetCore.Routing;

namespace Portal.Shared.Endpoints;

/// <summary>
/// A group of related endpoints, found by scanning module assemblies at start-up (the Carter
/// module pattern; see docs/adr/0003-endpoint-modules-instead-of-carter.md). Implementations are
/// stateless and have a parameterless constructor.
/// </summary>
public interface IEndpointModule
{
    void MapEndpoints(IEndpointRouteBuilder app);
}

public static class EndpointModuleDiscovery
{
    public static IReadOnlyList<Type> FindEndpointModules(IEnumerable<Assembly> assemblies) =>
        assemblies
            .Distinct()
            .SelectMany(a => a.DefinedTypes)
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IEndpointModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => t.AsType())
            .ToList();

    public static IEndpointRouteBuilder MapEndpointModules(this IEndpointRouteBuilder app, IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var type in FindEndpointModules(assemblies))
        {
            var module = (IEndpointModule)Activator.CreateInstance(type, nonPublic: true)!;
            module.MapEndpoints(app);
        }

        return app;
    }
}
