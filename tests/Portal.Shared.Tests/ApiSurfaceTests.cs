using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Tenancy;

namespace Portal.Shared.Tests;

/// <summary>
/// The HTTP surface as the host serves it: what the OpenAPI document promises and which checks guard each route.
/// A change to either must be a deliberate change of the approved file.
/// </summary>
public sealed class ApiSurfaceTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private static readonly string ApprovedPath = RepositoryPaths.Combine("tests", "Portal.Shared.Tests", "ApiSurface.approved.txt");

    [Fact]
    public async Task Operations_responses_and_route_guards_match_the_approved_surface()
    {
        using var client = fixture.App.CreateClient();
        var document = await client.GetJsonAsync<JsonElement>("/openapi/v1.json");

        var received = new StringBuilder()
            .Append("# OpenAPI operations: METHOD path | operationId | tags | security | responses\n")
            .AppendJoin("", OpenApiOperations(document).Select(line => line + "\n"))
            .Append("\n# Routes: METHOD pattern | authorization | rate limiting | request size limit | clinic scoped\n")
            .AppendJoin("", RouteGuards(fixture.App.Services.GetRequiredService<EndpointDataSource>()).Select(line => line + "\n"))
            .ToString();

        await ContractApproval.VerifyAsync(ApprovedPath, received, "ApiSurface.received.txt", Difference);
    }

    private static IEnumerable<string> OpenApiOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("responses", out _))
                .Select(operation =>
                {
                    var op = operation.Value;
                    var id = op.TryGetProperty("operationId", out var operationId) ? operationId.GetString() : "-";
                    var tags = op.TryGetProperty("tags", out var tagList)
                        ? string.Join(",", tagList.EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal))
                        : "-";
                    var security = op.TryGetProperty("security", out var requirements)
                        ? string.Join(" or ", requirements.EnumerateArray().Select(r => string.Join("+", r.EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal)))) is { Length: > 0 } any ? any : "none"
                        : "-";
                    var responses = string.Join(",", op.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
                    return $"{operation.Name.ToUpperInvariant()} {path.Name} | {id} | {tags} | {security} | {responses}";
                }))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> RouteGuards(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint =>
            {
                var metadata = endpoint.Metadata;
                var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } verbs
                    ? string.Join(",", verbs.Order(StringComparer.Ordinal))
                    : "ANY";
                return $"{methods} {endpoint.RoutePattern.RawText} | {Authorization(metadata)} | {RateLimiting(metadata)} | "
                    + $"{RequestSizeLimit(metadata)} | {(metadata.GetMetadata<ClinicScopedMetadata>() is null ? "no" : "clinic")}";
            })
            .Order(StringComparer.Ordinal);

    private static string Authorization(EndpointMetadataCollection metadata)
    {
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return "anonymous";
        }

        var requirements = metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => (data.Policy, data.Roles, data.AuthenticationSchemes) switch
            {
                (null, null, null) => "authenticated",
                var (policy, roles, schemes) => string.Join(" ", new[]
                {
                    policy is null ? null : "policy=" + policy,
                    roles is null ? null : "roles=" + roles,
                    schemes is null ? null : "schemes=" + schemes,
                }.OfType<string>()),
            })
            .Concat(metadata.GetOrderedMetadata<AuthorizationPolicy>().Select(policy =>
                "inline=" + string.Join("+", policy.Requirements.Select(r => r.GetType().Name))))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return requirements.Count == 0 ? "none" : string.Join(";", requirements);
    }

    private static string RateLimiting(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<DisableRateLimitingAttribute>() is not null ? "disabled"
        : metadata.GetMetadata<EnableRateLimitingAttribute>() is { } enabled ? enabled.PolicyName ?? "inline"
        : "-";

    private static string RequestSizeLimit(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } limit
            ? limit.MaxRequestBodySize?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"
            : "-";

    private static string Difference(string approved, string received)
    {
        var before = approved.Split('\n');
        var after = received.Split('\n');
        var removed = before.Except(after, StringComparer.Ordinal).Select(line => "- " + line);
        var added = after.Except(before, StringComparer.Ordinal).Select(line => "+ " + line);
        return string.Join("\n", removed.Concat(added));
    }
}
