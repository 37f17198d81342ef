using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Portal.ArchitectureTests;

/// <summary>
/// The audit actions the source writes about a patient's chart: every <c>new AuditEvent(action, clinic, targetType, …)</c>
/// whose target type is <c>"patient"</c> (a literal, a constant, or either branch of a condition), with its action read
/// from a literal or a string constant. Read from the syntax, so a rename or a new call is seen without running anything.
/// </summary>
public static class PatientAuditActions
{
    public const string PatientTarget = "patient";

    /// <summary>The actions found, and the calls whose action could not be read (a variable), by file and line.</summary>
    public sealed record Found(IReadOnlySet<string> Actions, IReadOnlyList<string> Unreadable);

    public static Found In(IEnumerable<(string Path, string Text)> files)
    {
        var trees = files.Select(file => CSharpSyntaxTree.ParseText(file.Text, path: file.Path)).ToList();
        var constants = StringConstants(trees);
        var actions = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        foreach (var tree in trees)
        {
            foreach (var creation in tree.GetRoot().DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
            {
                if (!CreatesAuditEvent(creation) || creation.ArgumentList is not { } arguments)
                {
                    continue;
                }

                var target = Argument(arguments, 2, "TargetType");
                if (target is null || !Values(target, constants).Contains(PatientTarget))
                {
                    continue;
                }

                var action = Argument(arguments, 0, "Action");
                var values = action is null ? [] : Values(action, constants);
                if (values.Count == 0)
                {
                    unreadable.Add($"{tree.FilePath}:{creation.GetLocation().GetLineSpan().StartLinePosition.Line + 1}");
                }

                actions.UnionWith(values);
            }
        }

        return new Found(actions, unreadable);
    }

    private static bool CreatesAuditEvent(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        ObjectCreationExpressionSyntax explicitType => explicitType.Type.ToString().Split('.')[^1] == "AuditEvent",
        // new(...) typed by its target: an AuditEvent when assigned to or passed as one, which its arguments show.
        ImplicitObjectCreationExpressionSyntax => creation.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call }
            && call.Expression.ToString().EndsWith("RecordAsync", StringComparison.Ordinal),
        _ => false,
    };

    private static ExpressionSyntax? Argument(ArgumentListSyntax arguments, int position, string name) =>
        arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text == name)?.Expression
        ?? (arguments.Arguments.Count > position && arguments.Arguments[position].NameColon is null ? arguments.Arguments[position].Expression : null);

    /// <summary>The strings an expression can be: a literal, a constant (Class.Name or Name), or the branches of a condition.</summary>
    private static HashSet<string> Values(ExpressionSyntax expression, Dictionary<string, string> constants) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => [literal.Token.ValueText],
        ParenthesizedExpressionSyntax inner => Values(inner.Expression, constants),
        ConditionalExpressionSyntax condition => [.. Values(condition.WhenTrue, constants), .. Values(condition.WhenFalse, constants)],
        MemberAccessExpressionSyntax member when constants.TryGetValue($"{member.Expression.ToString().Split('.')[^1]}.{member.Name.Identifier.Text}", out var value) => [value],
        IdentifierNameSyntax name when ContainingType(name) is { } type && constants.TryGetValue($"{type}.{name.Identifier.Text}", out var value) => [value],
        _ => [],
    };

    private static string? ContainingType(SyntaxNode node) => node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text;

    private static Dictionary<string, string> StringConstants(IEnumerable<SyntaxTree> trees)
    {
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in trees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>()))
        {
            if (!field.Modifiers.Any(SyntaxKind.ConstKeyword) || ContainingType(field) is not { } type)
            {
                continue;
            }

            foreach (var variable in field.Declaration.Variables)
            {
                if (variable.Initializer?.Value is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    constants[$"{type}.{variable.Identifier.Text}"] = literal.Token.ValueText;
                }
            }
        }

        return constants;
    }
}
