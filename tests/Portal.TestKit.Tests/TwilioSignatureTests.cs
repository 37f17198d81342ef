using System.Net;
using Portal.TestKit.Peers;

namespace Portal.TestKit.Tests;

/// <summary>Twilio's request signature, and status callbacks signed with it as Twilio signs them.</summary>
public sealed class TwilioSignatureTests
{
    private const string Patient = "+15145550123";
    private const string ClinicNumber = "+14385550199";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The worked example of Twilio's webhook security documentation (twilio.com/docs/usage/webhooks/webhooks-security,
    /// formerly /docs/usage/security): auth token 12345, this URL and these five POST parameters. The page has
    /// shown it with two caller numbers over the years, each with its signature.
    /// </summary>
    [Theory]
    [InlineData("+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc=")]
    [InlineData("+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    public void The_documented_worked_example_gives_the_documented_signature(string caller, string signature)
    {
        var parameters = new Dictionary<string, string>
        {
            ["Digits"] = "1234",
            ["To"] = "+18005551212",
            ["From"] = caller,
            ["Caller"] = caller,
            ["CallSid"] = "CA1234567890ABCDE",
        };

        TwilioStandIn.Signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters).ShouldBe(signature);
    }

    [Fact]
    public void The_signature_changes_with_the_url_any_parameter_or_the_token()
    {
        var parameters = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" };
        var signature = TwilioStandIn.Signature(TwilioStandIn.AuthToken, "https://portal.test/sms/status?clinic=a", parameters);

        TwilioStandIn.Signature(TwilioStandIn.AuthToken, "https://portal.test/sms/status?clinic=b", parameters).ShouldNotBe(signature);
        TwilioStandIn.Signature(TwilioStandIn.AuthToken, "https://portal.test/sms/status?clinic=a", new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "failed" }).ShouldNotBe(signature);
        TwilioStandIn.Signature("another-token", "https://portal.test/sms/status?clinic=a", parameters).ShouldNotBe(signature);
        TwilioStandIn.Signature(TwilioStandIn.AuthToken, "https://portal.test/sms/status?clinic=a", parameters.Reverse()).ShouldBe(signature, "parameters are sorted by name");
    }

    [Fact]
    public async Task A_status_callback_arrives_signed_so_that_the_signature_recomputes()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var portal = await CallbackReceiver.StartAsync();
        var callbackUrl = new Uri(portal.BaseUrl, "/api/sms/status?clinic=erables&kind=reminder").ToString();
        var message = await CreateAsync(twilio, ("To", Patient), ("From", ClinicNumber), ("Body", "Rappel"), ("StatusCallback", callbackUrl));

        using var response = await twilio.SendStatusCallbackAsync(message, "delivered");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var callback = portal.Received.Single();
        callback.Url.ShouldBe(callbackUrl);
        callback.ContentType.ShouldStartWith("application/x-www-form-urlencoded");
        callback.UserAgent.ShouldStartWith("TwilioProxy/");
        var form = callback.Form.ToDictionary(p => p.Key, p => p.Value);
        form["AccountSid"].ShouldBe(TwilioStandIn.AccountSid);
        form["ApiVersion"].ShouldBe("2010-04-01");
        form["MessageSid"].ShouldBe(message.Sid);
        form["SmsSid"].ShouldBe(message.Sid);
        form["MessageStatus"].ShouldBe("delivered");
        form["SmsStatus"].ShouldBe("delivered");
        form["From"].ShouldBe(ClinicNumber);
        form["To"].ShouldBe(Patient);
        form.ShouldNotContainKey("ErrorCode");
        callback.Signature.ShouldNotBeNullOrEmpty();
        TwilioStandIn.Signature(TwilioStandIn.AuthToken, callback.Url, callback.Form).ShouldBe(callback.Signature);
    }

    [Fact]
    public async Task A_failed_status_carries_the_error_code_and_the_messaging_service()
    {
        const string ServiceSid = "MG0123456789abcdef0123456789abcdef";
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var portal = await CallbackReceiver.StartAsync();
        var message = await CreateAsync(twilio, ("To", Patient), ("MessagingServiceSid", ServiceSid), ("Body", "Code 123456"), ("StatusCallback", new Uri(portal.BaseUrl, "/api/sms/status").ToString()));

        using var response = await twilio.SendStatusCallbackAsync(message, "undelivered", errorCode: "30003");

        response.IsSuccessStatusCode.ShouldBeTrue();
        var callback = portal.Received.Single();
        var form = callback.Form.ToDictionary(p => p.Key, p => p.Value);
        form["MessageStatus"].ShouldBe("undelivered");
        form["ErrorCode"].ShouldBe("30003");
        form["MessagingServiceSid"].ShouldBe(ServiceSid);
        form["From"].ShouldBe(TwilioStandIn.MessagingServiceSender);
        TwilioStandIn.Signature(TwilioStandIn.AuthToken, callback.Url, callback.Form).ShouldBe(callback.Signature);
    }

    [Fact]
    public async Task A_callback_signed_with_another_token_does_not_verify()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var portal = await CallbackReceiver.StartAsync();
        var message = await CreateAsync(twilio, ("To", Patient), ("From", ClinicNumber), ("Body", "Rappel"), ("StatusCallback", new Uri(portal.BaseUrl, "/api/sms/status?clinic=erables").ToString()));

        using var response = await twilio.SendStatusCallbackAsync(message, "delivered", signWithToken: "0123456789abcdef0123456789abcdef");

        var callback = portal.Received.Single();
        callback.Signature.ShouldNotBeNullOrEmpty();
        TwilioStandIn.Signature(TwilioStandIn.AuthToken, callback.Url, callback.Form).ShouldNotBe(callback.Signature);
        TwilioStandIn.Signature("0123456789abcdef0123456789abcdef", callback.Url, callback.Form).ShouldBe(callback.Signature);
    }

    [Fact]
    public async Task A_callback_for_a_message_without_a_status_callback_url_cannot_be_sent()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        var message = await CreateAsync(twilio, ("To", Patient), ("From", ClinicNumber), ("Body", "no callback"));

        await Should.ThrowAsync<InvalidOperationException>(() => twilio.SendStatusCallbackAsync(message, "delivered"));
    }

    private static async Task<TwilioMessage> CreateAsync(TwilioStandIn twilio, params (string Name, string Value)[] fields)
    {
        using var http = new HttpClient();
        using var response = await TwilioStandInTests.PostAsync(http, twilio, TwilioStandInTests.Form(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await twilio.WaitForAsync(m => m.To == Patient, Patience);
    }
}
