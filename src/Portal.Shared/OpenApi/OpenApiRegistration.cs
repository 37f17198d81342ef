using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Web;

namespace Portal.Shared.OpenApi;

/// <summary>
/// The one OpenAPI document (<c>/openapi/v1.json</c>), completed by conventions shared by every module
/// rather than by annotations on each endpoint.
/// </summary>
public static class OpenApiRegistration
{
    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddSingleton<ValidatorSchemaRules>();
        return services.AddOpenApi(openApi =>
        {
            openApi.AddSchemaTransformer<StrictStringSchemaTransformer>();
            openApi.AddSchemaTransformer<NullableSchemaTransformer>();
            openApi.AddSchemaTransformer<JsonObjectSchemaTransformer>();
            openApi.AddSchemaTransformer<ValidatorSchemaTransformer>();
            openApi.AddOperationTransformer<PathParameterTransformer>();
            openApi.AddOperationTransformer<ValidatorParameterTransformer>();
            openApi.AddOperationTransformer<ProblemResponsesTransformer>();
            openApi.AddOperationTransformer<ModuleTagTransformer>();
            openApi.AddOperationTransformer<SecurityRequirementTransformer>();
            openApi.AddDocumentTransformer<ProblemDetailsSchema>();
            openApi.AddDocumentTransformer<DocumentTransformer>();
        });
    }
}
