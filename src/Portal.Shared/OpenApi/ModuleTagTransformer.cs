using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Portal.Shared.Modules;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Tags each operation with the module that maps it (Identity, Registration, Settings, Notifications, or
/// Platform for the building blocks), found from the assembly of the endpoint's handler.
/// </summary>
internal sealed class ModuleTagTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var handler = context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        var module = handler?.DeclaringType?.Assembly is { } assembly
            ? context.ApplicationServices.GetServices<IPortalModule>().FirstOrDefault(m => m.GetType().Assembly == assembly)
            : null;
        if (module is null)
        {
            throw new InvalidOperationException(
                $"The operation {context.Description.HttpMethod} /{context.Description.RelativePath} is mapped outside every module's assembly.");
        }

        operation.Tags = new HashSet<OpenApiTagReference> { new(module.Name, context.Document) };
        return Task.CompletedTask;
    }
}
