using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Portal.TestKit.Browser;

/// <summary>
/// One page in its own browser context, recording what would break a real visit: uncaught
/// JavaScript errors and Content-Security-Policy refusals. Failed HTTP answers the page expects
/// (a 401 before sign-in, say) are not counted.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserSession(IPage page)
    {
        Page = page;
        page.PageError += (_, error) => _problems.Enqueue("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _problems.Enqueue("console error: " + message.Text);
            }
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(BrowserFixture browser, PortalApp app, string language = "en", int width = 1280)
    {
        ArgumentNullException.ThrowIfNull(browser);
        return new BrowserSession(await browser.NewPageAsync(app, language, width));
    }

    /// <summary>Fails when the page threw or the browser refused anything under the page's CSP.</summary>
    public void ShouldHaveNoErrors()
    {
        if (!_problems.IsEmpty)
        {
            throw new Shouldly.ShouldAssertException("The page reported problems:\n" + string.Join('\n', _problems));
        }
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
