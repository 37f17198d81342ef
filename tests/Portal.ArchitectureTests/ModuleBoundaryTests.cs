using System.Reflection;
using Portal.Host;
using Portal.Shared.Modules;

namespace Portal.ArchitectureTests;

public sealed class ModuleBoundaryTests
{
    // Shared and Notifications are building blocks every module may use; the rest are business modules.
    private static readonly IReadOnlyList<IPortalModule> BusinessModules =
        PortalHost.Modules.Where(m => m is not PlatformModule and not Notifications.NotificationsModule).ToList();

    private static readonly IReadOnlySet<string> ModuleAssemblies =
        BusinessModules.Select(m => m.GetType().Assembly.GetName().Name!).ToHashSet();

    private static readonly IReadOnlySet<string> Schemas = PortalHost.Modules.Select(m => m.Schema).ToHashSet();

    [Fact]
    public void Modules_reference_only_the_building_blocks_and_other_modules_contracts()
    {
        BusinessModules.ShouldNotBeEmpty();
        var violations = BusinessModules.SelectMany(m => ModuleRules.ReferenceViolations(m.GetType().Assembly, ModuleAssemblies)).ToList();

        violations.ShouldBeEmpty();
    }

    [Fact]
    public void Contracts_and_the_building_blocks_reference_no_module()
    {
        var contracts = BusinessModules
            .SelectMany(m => m.GetType().Assembly.GetReferencedAssemblies())
            .Where(a => a.Name!.EndsWith(".Contracts", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Distinct()
            .ToList();
        contracts.Count.ShouldBeGreaterThanOrEqualTo(2);

        var violations = contracts.Append(typeof(PlatformModule).Assembly).Append(typeof(Notifications.NotificationsModule).Assembly)
            .SelectMany(a => ModuleRules.ReferenceViolations(a, ModuleAssemblies))
            .ToList();

        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_rule_catches_a_module_that_uses_another_modules_implementation()
    {
        var rogue = typeof(Quarantine.ReachesIntoSettings).Assembly;
        var modules = ModuleAssemblies.Append(rogue.GetName().Name!).ToHashSet();

        var violations = ModuleRules.ReferenceViolations(rogue, modules);

        violations.ShouldBe(["Portal.Quarantine references Portal.Settings"]);
        ModuleRules.ReferenceViolations("Portal.Settings.Contracts", ["Portal.Shared", "Portal.Identity.Contracts"], modules)
            .ShouldBe(["Portal.Settings.Contracts references Portal.Identity.Contracts"]);
        ModuleRules.ReferenceViolations("Portal.Shared", ["Portal.Settings.Contracts"], modules).ShouldNotBeEmpty();
    }

    [Fact]
    public void Each_modules_sql_names_only_its_own_schema()
    {
        var violations = new List<string>();
        foreach (var module in BusinessModules.Append(new Notifications.NotificationsModule()))
        {
            var folder = module is Notifications.NotificationsModule
                ? RepositoryPaths.Combine("src", "Portal.Notifications")
                : RepositoryPaths.Combine("modules", module.Name, "Portal." + module.Name);
            Directory.Exists(folder).ShouldBeTrue(folder);
            foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                violations.AddRange(ModuleRules.ForeignSchemas(File.ReadAllText(file), module.Schema, Schemas)
                    .Select(schema => $"{Path.GetRelativePath(RepositoryPaths.Root, file)} uses schema {schema}"));
            }
        }

        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_schema_rule_catches_sql_that_reaches_into_another_modules_tables()
    {
        const string sql = """
            select u.email from identity.staff_users u
            join settings.clinics c on c.id = u.clinic_id
            """;

        ModuleRules.ForeignSchemas(sql, "identity", Schemas).ShouldBe(["settings"]);
        ModuleRules.ForeignSchemas("insert into platform.audit_log values (1)", "settings", Schemas).ShouldBe(["platform"]);
        ModuleRules.ForeignSchemas(sql.Replace("settings.clinics", "identity.clinic_cache", StringComparison.Ordinal), "identity", Schemas).ShouldBeEmpty();
    }

    [Fact]
    public void Module_implementations_expose_only_the_module_entry_and_its_options()
    {
        var exposed = BusinessModules
            .SelectMany(m => m.GetType().Assembly.GetExportedTypes())
            .Where(t => !typeof(IPortalModule).IsAssignableFrom(t) && !t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        exposed.ShouldBeEmpty();
    }
}
