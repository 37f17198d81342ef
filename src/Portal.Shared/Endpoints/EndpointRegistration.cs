using System.Reflection;
using Carter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Shared.Endpoints;

public static class EndpointRegistration
{
    /// <summary>
    /// Registers the <see cref="ICarterModule"/>s of the module assemblies with Carter, which maps them in
    /// <c>MapCarter</c>. The modules are handed over by type because Carter's own scan finds public types only
    /// and Portal keeps them internal; validators stay with the MediatR pipeline, so Carter registers none.
    /// </summary>
    public static IServiceCollection AddPortalEndpoints(this IServiceCollection services, IReadOnlyCollection<Assembly> assemblies)
    {
        var modules = assemblies
            .Distinct()
            .SelectMany(a => a.DefinedTypes)
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICarterModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => t.AsType())
            .ToArray();

        services.AddCarter(
            new DependencyContextAssemblyCatalog([.. assemblies]),
            carter => carter.WithModules(modules).WithEmptyValidators().WithEmptyResponseNegotiators());

        // Carter's singleton locator would hold the scoped validators captive; nothing uses it, requests are validated by the pipeline.
        services.RemoveAll<IValidatorLocator>();
        return services;
    }
}
