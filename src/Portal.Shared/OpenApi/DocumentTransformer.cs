using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Shared.OpenApi;

/// <summary>
/// What the document says about Portal as a whole, in an order that does not depend on how modules map their
/// endpoints. Its one server is relative: the generator would name the requesting host, which changes per
/// installation and would make the committed document unstable.
/// </summary>
internal sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Description =
        "Portal is an open-source patient portal for clinics. One installation serves many clinics, each under "
        + "/api/clinics/{clinic}. Browsers sign in with a session cookie (staff, patient or operator) and send the "
        + "antiforgery token from GET /api/antiforgery in the X-CSRF-TOKEN header with every POST, PUT, PATCH and DELETE. "
        + "Failures are RFC 9457 problem details with a stable machine-readable code.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Portal",
            Version = Version(),
            Description = Description,
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The installation that serves this document." }];

        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths.Add(path, item);
        }

        document.Paths = paths;
        document.Tags = document.Paths.Values
            .SelectMany(item => item.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new OpenApiTag { Name = name })
            .ToHashSet();
        if (document.Components?.SecuritySchemes is { } schemes)
        {
            document.Components.SecuritySchemes = schemes.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Every Portal assembly is built with one version (Directory.Build.props), so this assembly's is the host's.
    /// The source revision after '+' is left out: the document would change with every commit.
    /// </summary>
    private static string Version()
    {
        var version = typeof(DocumentTransformer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(DocumentTransformer).Assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}
