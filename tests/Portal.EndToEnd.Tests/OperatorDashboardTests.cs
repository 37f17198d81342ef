using Hangfire;
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
    public async Task An_operator_opens_the_hangfire_dashboard_triggers_a_job_and_retries_a_failed_notification()
    {
        var operatorAccount = await _app.CreateOperatorAsync();
        _twilio.Failure = new TwilioFailure(400, 21211, "The 'To' number is not a valid phone number.");
        var failed = await SendTestSmsAsync("+16135550142");
        await WaitForStateAsync(failed, "failed");
        _twilio.Failure = null;
        // A dispatch run shows as succeeded once it ends, a few seconds after it sent.
        var monitoring = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Eventually.HoldsAsync(
            () => Task.FromResult(monitoring.SucceededJobs(0, 100).Any(j => j.Value.Job.Type.Name == "NotificationDispatchJob")),
            "no run of notifications.dispatch ended");
        await using var session = await BrowserSession.OpenAsync(browser, _app);
        var page = session.Page;

        await page.GotoAsync("/admin/");
        await page.GetByLabel("Email").FillAsync(operatorAccount.Email);
        await page.GetByLabel("Password").FillAsync(operatorAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the operator console");
        // Not axe on Hangfire's own pages: its markup has contrast, label, lang and landmark violations Portal cannot fix.
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/hangfire/?$"));
        await Expect(page.GetByText("Realtime Graph")).ToBeVisibleAsync();

        await page.GotoAsync("/admin/hangfire/recurring");
        foreach (var job in new[] { "identity.passcode-expiry", "notifications.dispatch", "notifications.retention", "settings.unused-background-images" })
        {
            await Expect(page.Locator($"input[name='jobs[]'][value='{job}']")).ToHaveCountAsync(1);
        }

        await page.GotoAsync("/admin/hangfire/jobs/succeeded");
        await Expect(page.GetByText("notifications.dispatch: Sends queued").First).ToBeVisibleAsync();

        await page.GotoAsync("/admin/hangfire/recurring");
        var retention = page.Locator("input[name='jobs[]'][value='notifications.retention']");
        await retention.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        // The dashboard reloads the page once the trigger succeeded, clearing the selection.
        await Expect(retention).Not.ToBeCheckedAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Eventually.HoldsAsync(
            () => Task.FromResult(monitoring.SucceededJobs(0, 100).Any(j => j.Value.Job.Type.Name == "NotificationRetentionJob")),
            "the triggered notifications.retention did not succeed");
        await page.GotoAsync("/admin/hangfire/jobs/succeeded");
        await Expect(page.GetByText("notifications.retention: Deletes sent").First).ToBeVisibleAsync();
        (await _app.QueryAsync<string>("select target_id from platform.audit_log where action = 'jobs.triggered' and actor_id = @id", new { id = operatorAccount.Id }))
            .ShouldBe(["notifications.retention"]);

        await page.GotoAsync("/admin/notifications");
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

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tâches", Exact = true })).ToHaveAttributeAsync("href", "/admin/hangfire");
        await page.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the Notifications page in French");

        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task The_hangfire_dashboard_refuses_a_clinic_owner_and_an_anonymous_visitor()
    {
        var clinic = await _app.CreateClinicAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app);
        var page = session.Page;
        string[] addresses = ["/admin/hangfire", "/admin/hangfire/recurring", "/admin/hangfire/jobs/succeeded"];

        foreach (var address in addresses)
        {
            session.AllowFailedResponse(401, address);
            session.AllowFailedResponse(403, address);
        }

        // The dashboard's own pages name no icon, so the browser asks for one.
        session.AllowFailedResponse(404, "/favicon.ico");

        foreach (var address in addresses)
        {
            var anonymous = await page.GotoAsync(address);
            anonymous!.Status.ShouldBe(401, address);
        }

        await page.GotoAsync($"/{clinic.Slug}/admin/");
        await page.GetByLabel("Email").FillAsync(clinic.Owner.Email);
        await page.GetByLabel("Password").FillAsync(clinic.Owner.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" })).ToBeVisibleAsync();
        foreach (var address in addresses)
        {
            var owner = await page.GotoAsync(address);
            owner!.Status.ShouldBe(403, address);
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
