using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Contracts;

namespace Portal.Shared.Tests;

public sealed class DataProtectionTests
{
    private static readonly object StripeKeys = new
    {
        publishableKey = "pk_test_51Hxyz0123456789abcdef",
        secretKey = "sk_test_51Hxyz0123456789abcdefSECRET",
        webhookSigningSecret = "whsec_0123456789abcdefghij",
    };

    [Fact]
    public async Task C6_the_key_ring_is_kept_in_the_database()
    {
        await using var app = await PortalApp.StartAsync();
        using var client = await app.AnonymousClientAsync();

        var keys = await app.QueryAsync<string>("select xml from platform.data_protection_keys");
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(xml => xml.Contains("<key "));
    }

    [Fact]
    public async Task C6_a_session_cookie_and_antiforgery_token_from_one_host_work_on_a_second_host_and_after_a_restart()
    {
        await using var first = await PortalApp.StartAsync();
        var clinic = await first.CreateClinicAsync();
        using var browser = first.CreateClient();
        await browser.SignInAsync(clinic, clinic.Owner);
        using (var saved = await browser.PutJsonAsync($"/api/clinics/{clinic.Slug}/settings/stripe", StripeKeys))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await using (var second = await first.StartSecondHostAsync())
        {
            using var onSecond = browser.CopyTo(second.BaseAddress);
            using var removed = await onSecond.DeleteAsync($"/api/clinics/{clinic.Slug}/settings/stripe");
            await removed.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var connectionString = first.ConnectionString;
        var filesRoot = first.FilesRoot;
        // The first host owns the database: every host sharing it stops before it drops it.
        await using (var restarted = await PortalApp.StartAsync(new PortalAppOptions { ConnectionString = connectionString, FilesRoot = filesRoot }))
        {
            using var afterRestart = browser.CopyTo(restarted.BaseAddress);
            using var again = await afterRestart.PutJsonAsync($"/api/clinics/{clinic.Slug}/settings/stripe", StripeKeys);
            await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        // A secret protected by the restarted host is read back by the first one.
        var credentials = await first.InScopeAsync(services =>
            services.GetRequiredService<IClinicStripeCredentials>().GetAsync(clinic.Id, CancellationToken.None));
        credentials!.SecretKey.ShouldBe("sk_test_51Hxyz0123456789abcdefSECRET");
        credentials.WebhookSigningSecret.ShouldBe("whsec_0123456789abcdefghij");
    }
}
