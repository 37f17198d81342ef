using System.Text.Json;

namespace Portal.ArchitectureTests;

/// <summary>
/// Every audit action any module writes about a patient's chart is listed in the contract's PatientHistoryAction, so the
/// chart's History has a sentence for it (the web app's tests check each listed action has one in English and French).
/// </summary>
public sealed class PatientHistoryCoverageTests
{
    [Fact]
    public void Every_audit_action_written_about_a_patient_is_one_the_charts_history_lists_in_the_contract()
    {
        var found = PatientAuditActions.In(SourceFiles("modules").Concat(SourceFiles("src")));

        found.Unreadable.ShouldBeEmpty("an audit entry about a patient whose action is not a literal or a string constant");
        found.Actions.Count.ShouldBeGreaterThan(15);
        found.Actions.Except(ContractActions()).Order().ShouldBeEmpty();
    }

    [Fact]
    public void The_check_reads_literals_constants_and_conditional_targets_and_skips_other_targets()
    {
        const string source = """
            internal static class ThingAudit
            {
                public const string TargetType = "patient";
                public const string Seen = "things.thing.seen";
            }

            internal sealed class Handler
            {
                private const string Local = "things.thing.local";

                public async Task Run(IAuditLog audit, Guid? id, string action)
                {
                    await audit.RecordAsync(new AuditEvent("things.thing.literal", null, "patient", "1"), default);
                    await audit.RecordAsync(new AuditEvent(ThingAudit.Seen, null, ThingAudit.TargetType, "1"), default);
                    await audit.RecordAsync(new AuditEvent(Local, null, id is null ? null : "patient", "1"), default);
                    await audit.RecordAsync(new Portal.Shared.Auditing.AuditEvent("things.other.target", null, "appointment", "1"), default);
                    await audit.RecordAsync(new AuditEvent("things.no.target", null), default);
                    await audit.RecordAsync(new AuditEvent(action, null, TargetType: "patient"), default);
                }
            }
            """;

        var found = PatientAuditActions.In([("Sample.cs", source)]);

        found.Actions.Order().ShouldBe(["things.thing.literal", "things.thing.local", "things.thing.seen"]);
        found.Unreadable.ShouldBe(["Sample.cs:18"]);
    }

    private static IEnumerable<(string Path, string Text)> SourceFiles(string folder) =>
        Directory.EnumerateFiles(RepositoryPaths.Combine(folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (Path.GetRelativePath(RepositoryPaths.Root, path), File.ReadAllText(path)));

    private static HashSet<string> ContractActions()
    {
        using var contract = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("src", "Portal.Web", "openapi.json")));
        return contract.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("PatientHistoryAction").GetProperty("enum")
            .EnumerateArray().Select(value => value.GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
