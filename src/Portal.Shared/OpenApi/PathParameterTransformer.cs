using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using Portal.Shared.Tenancy;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Declares every parameter of an operation's path. The generator declares only those a handler binds,
/// so the <c>{clinic}</c> of a clinic route group, which the clinic resolution reads, would be missing.
/// </summary>
internal sealed class PathParameterTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.RelativePath is not { } path)
        {
            return Task.CompletedTask;
        }

        var declared = (operation.Parameters ?? [])
            .Where(parameter => parameter.In == ParameterLocation.Path)
            .Select(parameter => parameter.Name)
            .ToHashSet(StringComparer.Ordinal);
        var missing = RoutePatternFactory.Parse(path).Parameters
            .Where(parameter => !declared.Contains(parameter.Name))
            .Select(parameter => Describe(parameter.Name))
            .ToList();
        if (missing.Count > 0)
        {
            operation.Parameters = [.. missing, .. operation.Parameters ?? []];
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Describe(string name) => name == ClinicRouting.RouteParameter
        ? new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Path,
            Required = true,
            Description = "The clinic's address (slug): " + ClinicSlug.Rule,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = ClinicSlug.PatternText, MinLength = 2, MaxLength = 40 },
        }
        : new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Path,
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
}
