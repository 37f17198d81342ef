using Xunit;
using Portal.TestKit.Peers;

namespace Portal.TestKit;

/// <summary>
/// The app with its email going to a real SMTP server and its SMS to the Twilio stand-in, for tests
/// that read what was sent (passcodes, links). Anonymous endpoints get a generous per-address limit,
/// since every test client comes from 127.0.0.1.
/// </summary>
public class MessagingAppFixture : IAsyncLifetime
{
    private PortalApp? _app;

    public SmtpSink Smtp { get; private set; } = null!;

    public TwilioStandIn Twilio { get; private set; } = null!;

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Twilio = await TwilioStandIn.StartAsync();
        var options = new PortalAppOptions().WithSmtp(Smtp.Port).WithTwilio(Twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);
        options.Settings["Portal:RateLimits:SignInPerMinute"] = "100000";
        Configure(options);
        _app = await PortalApp.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Twilio.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>Lets a derived fixture change the host's settings before it starts.</summary>
    protected virtual void Configure(PortalAppOptions options)
    {
    }
}
