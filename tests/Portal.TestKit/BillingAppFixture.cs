using System.Security.Cryptography;
using Portal.TestKit.Peers;
using Xunit;

namespace Portal.TestKit;

/// <summary>A clinic's Stripe account on the stand-in: its keys, and the webhook endpoint it sends events to.</summary>
public sealed record TestStripeAccount(string SecretKey, string WebhookSecret, Uri WebhookUrl);

/// <summary>
/// The app with email to a real SMTP server, SMS to the Twilio stand-in and Stripe.net pointed at the Stripe stand-in
/// (StripeClientOptions.ApiBase), which signs its events with the app's clock.
/// </summary>
public class BillingAppFixture : IAsyncLifetime
{
    private PortalApp? _app;

    public SmtpSink Smtp { get; private set; } = null!;

    public TwilioStandIn Twilio { get; private set; } = null!;

    public StripeStandIn Stripe { get; private set; } = null!;

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Twilio = await TwilioStandIn.StartAsync();
        Stripe = await StripeStandIn.StartAsync();
        var options = new PortalAppOptions().WithSmtp(Smtp.Port).WithTwilio(Twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);
        options.Settings["Portal:RateLimits:SignInPerMinute"] = "100000";
        options.Settings["Billing:Stripe:ApiBase"] = Stripe.BaseUrl.ToString();
        _app = await PortalApp.StartAsync(options);
        Stripe.Clock = _app.Clock;
    }

    /// <summary>A new Stripe account for a clinic, sending its events to the clinic's webhook address.</summary>
    public TestStripeAccount NewStripeAccount(TestClinic clinic)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        var account = new TestStripeAccount(
            "sk_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            new Uri(App.BaseAddress, $"/api/clinics/{clinic.Slug}/billing/stripe/webhook"));
        Stripe.AddAccount(account.SecretKey, account.WebhookUrl, account.WebhookSecret);
        return account;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Stripe.DisposeAsync();
        await Twilio.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
