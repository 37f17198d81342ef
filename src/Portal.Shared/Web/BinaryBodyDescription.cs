using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Portal.Shared.Web;

public static class BinaryBodyDescription
{
    /// <summary>
    /// Documents a raw binary request body in OpenAPI without restricting which Content-Type
    /// matches the endpoint: the endpoint decides by the bytes (checklist F1), so an honest
    /// <c>application/octet-stream</c> must reach it rather than get the router's bare 415.
    /// </summary>
    public static RouteHandlerBuilder DescribesBinaryBody(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = contentTypes.ToDictionary(
                    type => type,
                    _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
            return Task.CompletedTask;
        });
}
