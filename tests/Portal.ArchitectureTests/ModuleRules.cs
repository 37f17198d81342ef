using System.Reflection;
using System.Text.RegularExpressions;

namespace Portal.ArchitectureTests;

/// <summary>
/// The module boundaries of architecture.md as checks over assembly references and SQL text:
/// a module uses the building blocks and other modules' Contracts only; Contracts and the
/// building blocks use no module; a module's SQL names only its own schema.
/// </summary>
public static partial class ModuleRules
{
    public const string BuildingBlocks = "Portal.Shared";
    public const string Notifications = "Portal.Notifications";

    /// <summary>What <paramref name="assembly"/> may not reference among <paramref name="references"/>.</summary>
    public static IReadOnlyList<string> ReferenceViolations(string assembly, IEnumerable<string> references, IReadOnlySet<string> modules)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(modules);
        var portal = references.Where(r => r.StartsWith("Portal.", StringComparison.Ordinal)).ToList();
        bool IsContracts(string name) => name.EndsWith(".Contracts", StringComparison.Ordinal);

        IEnumerable<string> forbidden = assembly switch
        {
            BuildingBlocks => portal,
            Notifications => portal.Where(r => r != BuildingBlocks && !IsContracts(r)),
            _ when IsContracts(assembly) => portal.Where(r => r != BuildingBlocks),
            _ when modules.Contains(assembly) => portal.Where(r => r != BuildingBlocks && r != Notifications && !IsContracts(r)),
            _ => [],
        };
        return forbidden.Select(r => $"{assembly} references {r}").ToList();
    }

    public static IReadOnlyList<string> ReferenceViolations(Assembly assembly, IReadOnlySet<string> modules)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return ReferenceViolations(assembly.GetName().Name!, assembly.GetReferencedAssemblies().Select(a => a.Name!), modules);
    }

    /// <summary>Schemas named by SQL in <paramref name="text"/> other than <paramref name="ownSchema"/>.</summary>
    public static IReadOnlyList<string> ForeignSchemas(string text, string ownSchema, IReadOnlySet<string> knownSchemas)
    {
        ArgumentNullException.ThrowIfNull(knownSchemas);
        return SqlTableReference().Matches(text)
            .Select(m => m.Groups["schema"].Value)
            .Where(schema => knownSchemas.Contains(schema) && schema != ownSchema)
            .Distinct()
            .ToList();
    }

    [GeneratedRegex(@"\b(?:from|join|into|update|table|references|exists|on)\s+(?<schema>[a-z_]+)\.[a-z_]+", RegexOptions.IgnoreCase)]
    private static partial Regex SqlTableReference();
}
