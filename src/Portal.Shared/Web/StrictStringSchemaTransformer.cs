using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Shared.Web;

/// <summary>
/// <see cref="StrictStringConverter"/> is a custom converter, which the schema generator cannot see
/// through; this restores <c>type: string</c> so the OpenAPI document stays truthful.
/// </summary>
internal sealed class StrictStringSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (context.JsonTypeInfo.ElementType == typeof(string) && schema.Items is null)
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }

        return Task.CompletedTask;
    }
}
