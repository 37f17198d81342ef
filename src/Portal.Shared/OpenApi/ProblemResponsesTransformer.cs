using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Portal.Shared.Tenancy;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Every error an operation can answer, as the pipeline answers it: the statuses its endpoint
/// metadata makes possible (authorization, antiforgery, a body, a size limit, a rate limit) and one
/// problem details schema for all of them, so no endpoint has to remember the shared ones.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public const string ProblemMediaType = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? HttpMethods.Get;
        operation.Responses ??= [];

        // The exception handler answers any endpoint whose infrastructure fails (a lost database, a full disk).
        var statuses = new SortedSet<int> { StatusCodes.Status500InternalServerError };
        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || operation.Parameters is { Count: > 0 } || context.Description.ParameterDescriptions.Count > 0;
        var checksAntiforgery = !IsSafe(method) && metadata.OfType<IAntiforgeryMetadata>().LastOrDefault() is not { RequiresValidation: false };
        if (hasInput || checksAntiforgery)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (metadata.OfType<ClinicScopedMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        // The host-wide body limit applies to every body, an endpoint's own limit (IRequestSizeLimitMetadata) to its own.
        if (hasBody || metadata.OfType<IRequestSizeLimitMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        var rateLimited = metadata.OfType<EnableRateLimitingAttribute>().Any() && !metadata.OfType<DisableRateLimitingAttribute>().Any();
        if (rateLimited)
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        foreach (var status in statuses)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse();
            }
        }

        foreach (var (key, response) in operation.Responses.ToList())
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400)
            {
                continue;
            }

            var described = new OpenApiResponse
            {
                Description = string.IsNullOrEmpty(response.Description) ? ReasonPhrases.GetReasonPhrase(status) : response.Description,
                Headers = response.Headers is { Count: > 0 } headers ? new Dictionary<string, IOpenApiHeader>(headers) : null,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemDetailsSchema.Id, context.Document) },
                },
            };
            if (status == StatusCodes.Status429TooManyRequests)
            {
                described.Headers ??= new Dictionary<string, IOpenApiHeader>();
                described.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }

            operation.Responses[key] = described;
        }

        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (key, response) in ordered)
        {
            operation.Responses[key] = response;
        }

        return Task.CompletedTask;
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}

/// <summary>The one problem details schema every error response refers to, with the extensions Portal sends.</summary>
internal sealed class ProblemDetailsSchema : IOpenApiDocumentTransformer
{
    public const string Id = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        document.Components.Schemas[Id] = Build();
        return Task.CompletedTask;
    }

    private static OpenApiSchema Build()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };
        static OpenApiSchema FieldMap(string description) => new()
        {
            Type = JsonSchemaType.Object,
            Description = description,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details, as every Portal error is answered.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "status", "title" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI reference naming the kind of problem."),
                ["title"] = Text("A short summary of the kind of problem."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
                ["detail"] = Text("What went wrong with this request, for people."),
                ["instance"] = Text("A URI reference to this occurrence."),
                ["traceId"] = Text("The request's trace identifier, to find it in the logs."),
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable machine-readable code, e.g. validation_failed." },
                ["errors"] = FieldMap("Messages per request field, keyed by the field's JSON path."),
                ["fieldCodes"] = FieldMap("Machine-readable codes per request field, beside errors."),
            },
        };
    }
}
