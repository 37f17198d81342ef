using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Portal.TestKit.Contract;

/// <summary>A response that its operation in the OpenAPI document does not describe.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// Checks responses against an OpenAPI 3.1 document: the status must be one the operation lists and
/// a JSON body must validate against that status's schema (its <c>$ref</c>s resolved to the
/// document's components). Other bodies (files, images) are checked for their status only.
/// Requests that match no documented operation are not checked.
/// </summary>
public sealed partial class OpenApiContract
{
    private static readonly Lazy<OpenApiContract> Committed =
        new(() => FromFile(RepositoryPaths.Combine("src", "Portal.Web", "openapi.json")));

    private readonly List<Operation> _operations;
    private readonly JsonObject _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    public OpenApiContract(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _schemas = document["components"]?["schemas"] as JsonObject ?? [];
        _operations = [];
        foreach (var (path, item) in document["paths"] as JsonObject ?? [])
        {
            foreach (var (method, operation) in item as JsonObject ?? [])
            {
                if (operation is JsonObject op && op["responses"] is JsonObject)
                {
                    _operations.Add(new Operation(method.ToUpperInvariant(), path, Template(path), op));
                }
            }
        }

        // Literal segments win over parameters, as in routing: /patients/search before /patients/{id}.
        _operations.Sort((a, b) => b.Path.Count(c => c != '{').CompareTo(a.Path.Count(c => c != '{')));
    }

    /// <summary>The document committed at <c>src/Portal.Web/openapi.json</c>, which a test keeps equal to the live one.</summary>
    public static OpenApiContract Default => Committed.Value;

    public static OpenApiContract FromFile(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    /// <summary>Throws <see cref="ContractViolationException"/> when the response drifts from its documented operation.</summary>
    public async Task CheckAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.RequestMessage ?? throw new ArgumentException("The response has no request.", nameof(response));
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        var operation = Find(request.Method.Method, Uri.UnescapeDataString(path));
        if (operation is null)
        {
            return;
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var responses = operation.Node["responses"]!.AsObject();
        var documented = responses[status] ?? responses[status[0] + "XX"] ?? responses["default"];
        var name = $"{operation.Method} {operation.Path} ({operation.Node["operationId"]?.GetValue<string>() ?? "no operationId"})";
        if (documented is null)
        {
            var unexpected = await ReadTextAsync(response, cancellationToken);
            throw new ContractViolationException(
                $"{name} answered {status}, which its OpenAPI operation does not document (it lists {string.Join(", ", responses.Select(r => r.Key))}). Body: {Shorten(unexpected)}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !IsJson(mediaType))
        {
            return;
        }

        var text = await ReadTextAsync(response, cancellationToken);
        var content = documented["content"] as JsonObject;
        if (content is null || content.Count == 0)
        {
            if (text.Length == 0)
            {
                return;
            }

            throw new ContractViolationException($"{name} answered {status} with a {mediaType} body, but the document gives that status no content. Body: {Shorten(text)}");
        }

        var (key, media) = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase));
        if (media is null)
        {
            throw new ContractViolationException(
                $"{name} answered {status} as {mediaType}, but the document lists {string.Join(", ", content.Select(c => c.Key))} for it. Body: {Shorten(text)}");
        }

        if (media["schema"] is not { } schemaNode)
        {
            return;
        }

        using var body = ParseBody(name, status, text);
        var schema = _compiled.GetOrAdd($"{operation.Method} {operation.Path} {status} {key}", _ => Compile(schemaNode));
        var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            throw new ContractViolationException($"{name} answered {status} with a body that breaks its schema:\n{Describe(result)}\nBody: {Shorten(text)}");
        }
    }

    private Operation? Find(string method, string path) =>
        _operations.FirstOrDefault(o => o.Method == method && o.Pattern.IsMatch(path));

    private JsonSchema Compile(JsonNode schemaNode)
    {
        var root = Rewrite(schemaNode.DeepClone())!.AsObject();
        var definitions = new JsonObject();
        foreach (var (id, component) in _schemas)
        {
            definitions[id] = Rewrite(component?.DeepClone());
        }

        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions;
        var uri = new Uri($"https://portal.test/contract/{Guid.NewGuid():N}");
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, uri);
    }

    /// <summary>Points the document's component references at the <c>$defs</c> each compiled schema carries.</summary>
    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (name == "$ref" && child?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        obj[name] = "#/$defs/" + reference["#/components/schemas/".Length..];
                    }
                    else
                    {
                        Rewrite(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child);
                }

                break;
            default:
                break;
        }

        return node;
    }

    private static string Describe(EvaluationResults result)
    {
        var lines = new StringBuilder();
        foreach (var detail in new[] { result }.Concat(result.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            foreach (var (keyword, error) in detail.Errors!)
            {
                lines.Append(CultureInfo.InvariantCulture, $"  at {Pointer(detail.InstanceLocation.ToString())} ({keyword} at {detail.EvaluationPath}): {error}\n");
            }
        }

        return lines.Length > 0 ? lines.ToString().TrimEnd() : JsonSerializer.Serialize(result);
    }

    private static string Pointer(string location) => location.Length == 0 ? "/" : location;

    private static JsonDocument ParseBody(string name, string status, string text)
    {
        try
        {
            return JsonDocument.Parse(text.Length == 0 ? "null" : text);
        }
        catch (JsonException e)
        {
            throw new ContractViolationException($"{name} answered {status} with a JSON content type but a body that is not JSON ({e.Message}): {Shorten(text)}");
        }
    }

    private static async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var media = response.Content.Headers.ContentType?.MediaType;
        return media is null || IsJson(media) || media.StartsWith("text/", StringComparison.Ordinal)
            ? await response.Content.ReadAsStringAsync(cancellationToken)
            : $"({response.Content.Headers.ContentLength} bytes of {media})";
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    private static Regex Template(string path) =>
        new("^" + ParameterPattern().Replace(Regex.Escape(path).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "/?$",
            RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\{[^}/]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    private sealed record Operation(string Method, string Path, Regex Pattern, JsonObject Node);
}
