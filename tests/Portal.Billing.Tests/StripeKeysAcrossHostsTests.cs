using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Caching;
using Portal.TestKit.Peers;
using static Portal.Billing.Tests.BillingApi;

namespace Portal.Billing.Tests;

/// <summary>Two hosts on one database, as behind a load balancer, each keeping the clinic's Stripe keys decrypted in memory.</summary>
public sealed class TwoBillingHostsFixture : IAsyncLifetime
{
    public BillingAppFixture Billing { get; } = new();

    public PortalApp Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Billing.InitializeAsync();
        // Configured as the first: either host's dispatcher may send a notification the other queued.
        Second = await Billing.App.StartSecondHostAsync(configure: options =>
        {
            options.WithSmtp(Billing.Smtp.Port).WithTwilio(Billing.Twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);
            options.Settings["Portal:RateLimits:SignInPerMinute"] = "100000";
            options.Settings["Billing:Stripe:ApiBase"] = Billing.Stripe.BaseUrl.ToString();
        });
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await Billing.DisposeAsync();
    }
}

/// <summary>The clinic's Stripe keys as each host keeps them, changed under the second host's feet.</summary>
public sealed class StripeKeysAcrossHostsTests(TwoBillingHostsFixture hosts) : IClassFixture<TwoBillingHostsFixture>
{
    private BillingAppFixture Fixture => hosts.Billing;

    private PortalApp Second => hosts.Second;

    private PortalApp App => Fixture.App;

    private StripeStandIn Stripe => Fixture.Stripe;

    [Fact]
    public async Task W1_a_webhook_secret_changed_on_one_host_is_used_by_the_other_as_soon_as_it_hears_and_an_event_signed_with_the_old_one_is_refused()
    {
        var clinic = await Fixture.PayingClinicAsync();
        var patient = await App.AddPatientAsync(clinic.Clinic);
        var first = (await App.IssuedBillAsync(clinic.Billing, patient.Id)).GetProperty("id").GetGuid();
        var second = (await App.IssuedBillAsync(clinic.Billing, patient.Id)).GetProperty("id").GetGuid();
        using var client = await App.SignedInPatientAsync(Fixture.Smtp, patient);
        var firstPaid = await HeldCompletionAsync(client, clinic, first);
        var secondPaid = await HeldCompletionAsync(client, clinic, second);
        var oldSecret = clinic.Stripe.WebhookSecret;

        // The second host takes an event with the secret as it was, and keeps the keys.
        (await PostToSecondAsync(clinic, firstPaid, oldSecret)).ShouldBe(HttpStatusCode.NoContent);
        (await App.BillStatusAsync(first)).ShouldBe("paid");
        var secondCache = (MemoryCache)Second.Services.GetRequiredService<IMemoryCache>();
        var keysEntry = secondCache.Keys.OfType<ValueTuple<ClinicCache, object>>().SingleOrDefault(k => Equals(k.Item2, "stripe-keys:" + clinic.Clinic.Id));
        keysEntry.Item1.ShouldNotBeNull("the second host keeps the keys it just used");

        // The clinic's owner enters a new webhook signing secret on the first host.
        var newSecret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using (var owner = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Owner))
        {
            await owner.SaveStripeKeysAsync(clinic.Clinic, clinic.Stripe.SecretKey, newSecret);
        }

        // PostgreSQL tells every host once the save commits; the second host drops the keys it kept.
        await Eventually.HoldsAsync(
            () => Task.FromResult(!secondCache.TryGetValue(keysEntry, out _)),
            "The second host never heard that the clinic's Stripe keys changed.");
        (await PostToSecondAsync(clinic, secondPaid, oldSecret)).ShouldBe(HttpStatusCode.BadRequest);
        (await App.BillStatusAsync(second)).ShouldBe("issued");
        (await App.QuerySingleAsync<long>(
            "select count(*) from billing.stripe_events where clinic_id = @id and event_id = @eventId",
            new { id = clinic.Clinic.Id, eventId = (string)secondPaid["id"]! })).ShouldBe(0);
        (await PostToSecondAsync(clinic, secondPaid, newSecret)).ShouldBe(HttpStatusCode.NoContent);
        (await App.BillStatusAsync(second)).ShouldBe("paid");
    }

    [Fact]
    public async Task S5_a_patients_bills_are_read_without_reading_or_decrypting_the_clinics_stripe_keys_on_each_request()
    {
        var clinic = await Fixture.PayingClinicAsync();
        var patient = await App.AddPatientAsync(clinic.Clinic);
        var bill = (await App.IssuedBillAsync(clinic.Billing, patient.Id)).GetProperty("id").GetGuid();
        using var client = await App.SignedInPatientAsync(Fixture.Smtp, patient);
        (await client.GetJsonAsync<JsonNode>($"{MyBillsUrl(clinic.Clinic)}/{bill}")).ShouldNotBeNull();

        // Keys no one could decrypt, written behind Portal's back (no notification): reads that decrypted them would fail.
        await App.ExecuteAsync(
            "update settings.stripe_accounts set secret_key_protected = 'not-protected', webhook_secret_protected = 'not-protected' where clinic_id = @id",
            new { id = clinic.Clinic.Id });
        for (var i = 0; i < 3; i++)
        {
            using var read = await client.SendAsync(HttpMethod.Get, $"{MyBillsUrl(clinic.Clinic)}/{bill}");
            read.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var list = await client.SendAsync(HttpMethod.Get, MyBillsUrl(clinic.Clinic));
            list.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // A save through Settings is heard at once: the host reads the keys again and the bill still opens.
        using (var owner = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Owner))
        {
            await owner.SaveStripeKeysAsync(clinic.Clinic, clinic.Stripe.SecretKey, clinic.Stripe.WebhookSecret);
        }

        await Eventually.HoldsAsync(
            async () =>
            {
                using var read = await client.SendAsync(HttpMethod.Get, $"{MyBillsUrl(clinic.Clinic)}/{bill}");
                return read.StatusCode == HttpStatusCode.OK;
            },
            "The bill did not open after the keys were saved again.");
        (await client.PayAsync(clinic.Clinic, bill)).SessionId.ShouldStartWith("cs_");
    }

    private async Task<JsonObject> HeldCompletionAsync(PortalClient client, PayingClinic clinic, Guid bill)
    {
        var (sessionId, _) = await client.PayAsync(clinic.Clinic, bill);
        return await Stripe.HeldAsync(() => Stripe.CompleteAsync(sessionId));
    }

    private async Task<HttpStatusCode> PostToSecondAsync(PayingClinic clinic, JsonObject evt, string secret) =>
        (HttpStatusCode)await Stripe.DeliverAsync(
            evt, new StripeDeliveryOptions(Secret: secret, Endpoint: new Uri(Second.BaseAddress, $"/api/clinics/{clinic.Clinic.Slug}/billing/stripe/webhook")));
}
