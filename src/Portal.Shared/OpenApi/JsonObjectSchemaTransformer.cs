using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Describes <see cref="JsonElement"/> as a JSON object. Portal passes raw JSON only for whole resources (FHIR
/// Questionnaires and QuestionnaireResponses), which are objects. The generator's own schema for it is empty, which
/// null also matches, so an optional one (<c>oneOf [null, JsonElement]</c>) would match null twice and be invalid.
/// </summary>
internal sealed class JsonObjectSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type == typeof(JsonElement))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Description ??= "A JSON object: a whole FHIR resource.";
        }

        return Task.CompletedTask;
    }
}
