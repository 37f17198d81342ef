using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.TestKit.Browser;

/// <summary>
/// Runs axe-core (the web app's npm dependency) in the page and fails on any violation of WCAG
/// 2.0 to 2.2 A and AA rules or axe's best practices.
/// </summary>
public static class Accessibility
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = RepositoryPaths.Combine("src", "Portal.Web", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: run npm ci in src/Portal.Web (build/test does).");
    });

    public static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Evaluated through the DevTools protocol, so the page's Content-Security-Policy stays in force.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync("() => { " + AxeSource.Value + "\n}");
        }

        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await window.axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                resultTypes: ['violations'],
              });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' -> ' + n.failureSummary),
              }));
            }
            """);
        if (violations.GetArrayLength() > 0)
        {
            throw new Shouldly.ShouldAssertException(
                $"Accessibility violations on {where} ({page.Url}):\n" +
                JsonSerializer.Serialize(violations, Indented));
        }
    }
}
