using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.TestKit.Browser;

/// <summary>
/// One page in its own browser context, recording what would break a real visit or show in its
/// console: uncaught JavaScript errors, Content-Security-Policy refusals and every console error,
/// failed HTTP answers included. A test that expects an error status on purpose says so with
/// <see cref="AllowFailedResponse"/>; nothing else is let through.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    private const string FailedToLoad = "Failed to load resource";

    private readonly ConcurrentQueue<(string Problem, string? FailedUrl)> _problems = new();
    private readonly ConcurrentBag<(int Status, string Path)> _allowed = [];

    private BrowserSession(IPage page)
    {
        Page = page;
        page.PageError += (_, error) => _problems.Enqueue(("page error: " + error, null));
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                // Location is "url:line:column".
                var url = LineAndColumn().Replace(message.Location, "");
                var failed = message.Text.StartsWith(FailedToLoad, StringComparison.Ordinal) ? url : null;
                _problems.Enqueue(($"console error: {message.Text} ({url})", failed));
            }
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(BrowserFixture browser, PortalApp app, string language = "en", int width = 1280, string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        return new BrowserSession(await browser.NewPageAsync(app, language, width, timeZone));
    }

    /// <summary>Lets the browser log that <paramref name="path"/> (the URL's path, query left out) answered <paramref name="status"/>.</summary>
    public void AllowFailedResponse(int status, string path) => _allowed.Add((status, path));

    /// <summary>Fails when the page threw, the browser refused anything under the page's CSP, or the console shows an error.</summary>
    public void ShouldHaveNoErrors()
    {
        var problems = _problems.Where(problem => !IsAllowed(problem)).Select(problem => problem.Problem).ToList();
        if (problems.Count > 0)
        {
            throw new Shouldly.ShouldAssertException("The page reported problems:\n" + string.Join('\n', problems));
        }
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    [GeneratedRegex(@":\d+:\d+$")]
    private static partial Regex LineAndColumn();

    private bool IsAllowed((string Problem, string? FailedUrl) problem)
    {
        if (problem.FailedUrl is null || !Uri.TryCreate(problem.FailedUrl, UriKind.Absolute, out var url))
        {
            return false;
        }

        return _allowed.Any(allowed =>
            url.AbsolutePath == allowed.Path
            && problem.Problem.Contains(
                string.Create(CultureInfo.InvariantCulture, $"status of {allowed.Status} "), StringComparison.Ordinal));
    }
}
