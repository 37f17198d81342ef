using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>The operators' dashboard (feature O1) against a host whose SMS go to the Twilio stand-in.</summary>
public sealed class OperatorDashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private SmtpSink _smtp = null!;
    private TwilioStandIn _twilio = null!;
    private PortalApp _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _twilio = await TwilioStandIn.StartAsync();
        _app = await PortalApp.StartAsync(new PortalAppOptions().WithSmtp(_smtp.Port).WithTwilio(_twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _twilio.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task An_operator_sees_a_jobs_runs_and_a_failed_notification_retries_it_and_sees_it_sent()
    {
        var operatorAccount = await _app.CreateOperatorAsync();
        _twilio.Failure = new TwilioFailure(400, 21211, "The 'To' number is not a valid phone number.");
        var failed = await SendTestSmsAsync("+16135550142");
        await WaitForStateAsync(failed, "failed");
        _twilio.Failure = null;
        // A dispatch run shows in the history once it ends, a few seconds after it sent.
        await Eventually.HoldsAsync(
            async () => await _app.QuerySingleAsync<long>(
                "select count(*) from quartz.qrtz_execution_history where job_name = 'notifications.dispatch' and succeeded") > 0,
            "no run of notifications.dispatch ended");
        await using var session = await BrowserSession.OpenAsync(browser, _app);
        var page = session.Page;

        await page.GotoAsync("/admin/");
        await page.GetByLabel("Email").FillAsync(operatorAccount.Email);
        await page.GetByLabel("Password").FillAsync(operatorAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        var dispatch = page.GetByRole(AriaRole.Article, new() { Name = "notifications.dispatch" });
        await Expect(dispatch).ToContainTextAsync("Every 5 seconds");
        await Expect(dispatch.GetByRole(AriaRole.Table, new() { Name = "Recent runs of notifications.dispatch" }).GetByRole(AriaRole.Row).Nth(1))
            .ToContainTextAsync("Succeeded");
        await Accessibility.AssertNoViolationsAsync(page, "the jobs page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();
        var latest = page.GetByRole(AriaRole.Table, new() { Name = "Latest notifications" });
        var row = latest.GetByRole(AriaRole.Row).Filter(new() { HasText = "+1•••••••142" });
        await Expect(row).ToContainTextAsync("Failed");
        await Expect(row).ToContainTextAsync("Twilio answered 400");
        await Accessibility.AssertNoViolationsAsync(page, "the notifications page");
        await row.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.GetByText("The notification to +1•••••••142 is queued again.")).ToBeVisibleAsync();

        await WaitForStateAsync(failed, "sent");
        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "Sent" });
        await Expect(latest.GetByRole(AriaRole.Row).Filter(new() { HasText = "+1•••••••142" })).ToContainTextAsync("Sent");
        _twilio.Messages.ShouldContain(message => message.To == "+16135550142");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task The_dashboard_pages_read_in_french_without_accessibility_violations()
    {
        var operatorAccount = await _app.CreateOperatorAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app, "fr");
        var page = session.Page;
        await page.GotoAsync("/admin/");
        await page.GetByLabel("Courriel").FillAsync(operatorAccount.Email);
        await page.GetByLabel("Mot de passe").FillAsync(operatorAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        foreach (var (link, heading) in new[] { ("Tâches", "Tâches"), ("Notifications", "Notifications") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page, $"the {heading} page in French");
        }

        session.ShouldHaveNoErrors();
    }

    private async Task<Guid> SendTestSmsAsync(string phone)
    {
        var ids = await _app.InScopeAsync(services => services.GetRequiredService<INotificationOutbox>().EnqueueAsync(
            new NotificationRequest("notifications.test", null, NotificationChannels.Sms, null, phone, "en", new Dictionary<string, string>(), "e2e:" + Guid.NewGuid()),
            CancellationToken.None));
        return ids[0];
    }

    private Task WaitForStateAsync(Guid id, string state) => Eventually.HoldsAsync(
        async () => await _app.QuerySingleAsync<string>("select state from notifications.outbox where id = @id", new { id }) == state,
        $"Notification {id} did not become {state}.");
}
