using Microsoft.Playwright;
using Xunit;

namespace Portal.TestKit.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright never downloads a browser here: it is pointed at
/// Debian's headless build of it (<see cref="ExecutablePath"/>). The test classes of a run share one browser process,
/// started by the first class and closed when the last one using it ends; each page still gets a
/// browser context of its own, so no cookies, storage or cache pass from one test to another.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static IPlaywright? s_playwright;
    private static IBrowser? s_browser;
    private static int s_users;

    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>
    /// PORTAL_CHROMIUM if set; otherwise Debian's chromium-headless-shell (build/test installs it), Chromium's own engine
    /// built for headless use only: it runs the same Blink and V8 as /usr/bin/chromium, without the desktop browser's
    /// window, profile and compositor machinery that its headless mode still starts and runs on every page, at about half
    /// the CPU (ADR 33). /usr/bin/chromium when the headless build is not installed.
    /// </summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } chosen ? chosen
        : File.Exists(HeadlessShell) ? HeadlessShell
        : "/usr/bin/chromium";

    private const string HeadlessShell = "/usr/bin/chromium-headless-shell";

    public async Task InitializeAsync()
    {
        // Playwright's five seconds for an expectation is too short when the test run shares two cores
        // with builds; a passing expectation returns as soon as it holds, so only failures wait longer.
        Assertions.SetDefaultExpectTimeout(15_000);
        await SharedGate.WaitAsync();
        try
        {
            if (s_browser is not { IsConnected: true })
            {
                await CloseSharedAsync();
                s_playwright = await Playwright.CreateAsync();
                s_browser = await s_playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    Args = ChromiumArguments,
                });
            }

            s_users++;
            _browser = s_browser;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>
    /// A page in a fresh browser context (its own cookies) that speaks <paramref name="language"/>, with its clock in
    /// <paramref name="timeZone"/> (an IANA zone; null for the machine's).
    /// </summary>
    public async Task<IPage> NewPageAsync(PortalApp app, string language = "en", int width = 1280, string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = language == "fr" ? "fr-CA" : "en-CA",
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is null)
        {
            return;
        }

        _browser = null;
        await SharedGate.WaitAsync();
        try
        {
            if (--s_users == 0)
            {
                await CloseSharedAsync();
            }
        }
        finally
        {
            SharedGate.Release();
        }
    }

    private static async Task CloseSharedAsync()
    {
        if (s_browser is { IsConnected: true })
        {
            await s_browser.CloseAsync();
        }

        s_browser = null;

        s_playwright?.Dispose();
        s_playwright = null;
    }
}
