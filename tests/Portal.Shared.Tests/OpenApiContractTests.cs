using System.Text;

namespace Portal.Shared.Tests;

/// <summary>
/// The OpenAPI document is the contract that the web app's types and integrators' clients are generated from:
/// the host's live document must be the committed one, so that every change to it shows up in review.
/// </summary>
public sealed class OpenApiContractTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private static readonly string CommittedPath = RepositoryPaths.Combine("src", "Portal.Web", "openapi.json");

    [Fact]
    public async Task Live_document_is_the_committed_one()
    {
        using var client = fixture.App.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        var live = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n");
        if (!live.EndsWith('\n'))
        {
            live += "\n";
        }

        // build/test lints this copy with Spectral after the .NET tests.
        var livePath = Environment.GetEnvironmentVariable("PORTAL_OPENAPI_LIVE") is { Length: > 0 } configured
            ? configured
            : RepositoryPaths.Combine("TestResults", "openapi.live.json");
        Directory.CreateDirectory(Path.GetDirectoryName(livePath)!);
        await File.WriteAllTextAsync(livePath, live);

        await ContractApproval.VerifyAsync(CommittedPath, live, "openapi.received.json", FirstDifference);
    }

    /// <summary>The first lines that differ, with a little context: enough to see what changed, short enough to read.</summary>
    private static string FirstDifference(string committed, string live)
    {
        var before = committed.Split('\n');
        var after = live.Split('\n');
        var first = 0;
        while (first < before.Length && first < after.Length && before[first] == after[first])
        {
            first++;
        }

        var from = Math.Max(0, first - 3);
        var text = new StringBuilder().Append("First difference at line ").Append(first + 1).Append(":\n");
        foreach (var line in before.Skip(from).Take(first - from))
        {
            text.Append("  ").Append(line).Append('\n');
        }

        foreach (var line in before.Skip(first).Take(8))
        {
            text.Append("- ").Append(line).Append('\n');
        }

        foreach (var line in after.Skip(first).Take(8))
        {
            text.Append("+ ").Append(line).Append('\n');
        }

        var changed = before.Except(after, StringComparer.Ordinal).Count() + after.Except(before, StringComparer.Ordinal).Count();
        return text.Append("(about ").Append(changed).Append(" distinct lines differ; compare the two files with diff -u)").ToString();
    }
}
