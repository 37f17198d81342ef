using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Declares <c>null</c> on properties whose C# type is a nullable reference (<c>string?</c>,
/// <c>string[]?</c>). Strings go through a custom converter the generator cannot see, so their
/// schema is rebuilt as a plain string and would otherwise claim that null never comes back.
/// Runs after the transformers that set a property's type.
/// </summary>
internal sealed class NullableSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is { } property
            && !property.PropertyType.IsValueType
            && (property.IsGetNullable || property.IsSetNullable)
            && schema.Type is { } type
            && !type.HasFlag(JsonSchemaType.Null)
            // An object's schema becomes a shared component; the generator refers to it with oneOf [null, $ref] itself.
            && !type.HasFlag(JsonSchemaType.Object))
        {
            schema.Type = type | JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }
}
