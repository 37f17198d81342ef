using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Billing.Tests;

/// <summary>A clinic that bills: its portal on, a price list of two services (one taxed at 13 %), and a patient.</summary>
public sealed record BillingClinic(TestClinic Clinic, Guid FormId, Guid MissedId);

internal static class BillingApi
{
    public const string PublishableKey = "pk_test_portalbilling0123456789";

    public static string ServicesUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/billing/services";

    public static string InvoicesUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/billing/invoices";

    public static string MyBillsUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/bills";

    public static async Task<JsonElement> CreatedAsync(this PortalClient client, string path, JsonNode body)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, path, body);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> PostOkAsync(this PortalClient client, string path, JsonNode? body = null)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, path, body ?? new JsonObject());
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    public static JsonObject Service(string code, long cents, int taxBasisPoints) =>
        new() { ["code"] = code, ["nameEn"] = $"Service {code}", ["nameFr"] = $"Service {code} (fr)", ["unitPriceCents"] = cents, ["taxRateBasisPoints"] = taxBasisPoints };

    public static JsonObject Draft(Guid patientId, params (Guid Service, int Quantity)[] lines) =>
        new()
        {
            ["patientId"] = patientId,
            ["lines"] = new JsonArray(lines.Select(l => (JsonNode)new JsonObject { ["serviceId"] = l.Service, ["quantity"] = l.Quantity }).ToArray()),
        };

    /// <summary>A clinic with its portal on and a price list: a form at 25.00 taxed 13 %, a missed-appointment fee of 40.00 untaxed.</summary>
    public static async Task<BillingClinic> BillingClinicAsync(this PortalApp app, string? secretKey = null, string? webhookSecret = null, bool billingOn = true)
    {
        var clinic = await app.OpenClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        if (secretKey is not null)
        {
            await owner.SaveStripeKeysAsync(clinic, secretKey, webhookSecret);
            if (billingOn)
            {
                await owner.SetPortalSettingAsync(clinic, "billingEnabled", true);
            }
        }

        var form = (await owner.CreatedAsync(ServicesUrl(clinic), Service("FORM", 2500, 1300))).GetProperty("id").GetGuid();
        var missed = (await owner.CreatedAsync(ServicesUrl(clinic), Service("MISSED", 4000, 0))).GetProperty("id").GetGuid();
        return new BillingClinic(clinic, form, missed);
    }

    public static async Task SaveStripeKeysAsync(this PortalClient owner, TestClinic clinic, string secretKey, string? webhookSecret)
    {
        using var response = await owner.SendJsonAsync(
            HttpMethod.Put, $"/api/clinics/{clinic.Slug}/settings/stripe",
            new JsonObject { ["publishableKey"] = PublishableKey, ["secretKey"] = secretKey, ["webhookSigningSecret"] = webhookSecret });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>A draft made and issued by the clinic's staff member: one form (28.25 with tax) and one missed-appointment fee (40.00).</summary>
    public static async Task<JsonElement> IssuedBillAsync(this PortalApp app, BillingClinic billing, Guid patientId)
    {
        using var staff = await app.SignedInAsync(billing.Clinic, billing.Clinic.Staff);
        var draft = await staff.CreatedAsync(InvoicesUrl(billing.Clinic), Draft(patientId, (billing.FormId, 1), (billing.MissedId, 1)));
        return await staff.PostOkAsync($"{InvoicesUrl(billing.Clinic)}/{draft.GetProperty("id").GetGuid()}/issue");
    }
}

/// <summary>A clinic that takes payments through its own account on the Stripe stand-in, billing on (S5).</summary>
public sealed record PayingClinic(BillingClinic Billing, TestStripeAccount Stripe)
{
    public TestClinic Clinic => Billing.Clinic;
}

internal static class PayingApi
{
    public static async Task<PayingClinic> PayingClinicAsync(this BillingAppFixture fixture)
    {
        var clinic = await fixture.App.OpenClinicAsync();
        var account = fixture.NewStripeAccount(clinic);
        using var owner = await fixture.App.SignedInAsync(clinic, clinic.Owner);
        await owner.SaveStripeKeysAsync(clinic, account.SecretKey, account.WebhookSecret);
        await owner.SetPortalSettingAsync(clinic, "billingEnabled", true);
        var form = (await owner.CreatedAsync(BillingApi.ServicesUrl(clinic), BillingApi.Service("FORM", 2500, 1300))).GetProperty("id").GetGuid();
        var missed = (await owner.CreatedAsync(BillingApi.ServicesUrl(clinic), BillingApi.Service("MISSED", 4000, 0))).GetProperty("id").GetGuid();
        return new PayingClinic(new BillingClinic(clinic, form, missed), account);
    }

    /// <summary>The patient's Pay: the checkout session Portal made or offered again.</summary>
    public static async Task<(string SessionId, string Url)> PayAsync(this PortalClient patient, TestClinic clinic, Guid billId)
    {
        using var response = await patient.SendJsonAsync(HttpMethod.Post, $"{BillingApi.MyBillsUrl(clinic)}/{billId}/checkout", new System.Text.Json.Nodes.JsonObject());
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        var json = await response.ReadJsonAsync();
        return (json.GetProperty("sessionId").GetString()!, json.GetProperty("url").GetString()!);
    }

    /// <summary>
    /// Runs the receipts job (the host's own runs it every 5 seconds too), then waits until no receipt is due: the receipts of the
    /// bills paid so far are in their charts and their emails queued.
    /// </summary>
    public static async Task MakeReceiptsAsync(this PortalApp app)
    {
        await app.InScopeAsync(async services =>
        {
            await Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<Portal.Billing.Jobs.MakeReceiptsJob>(services).RunAsync(CancellationToken.None);
            return true;
        });
        for (var i = 0; i < 300 && await app.QuerySingleAsync<long>("select count(*) from billing.receipts_due") > 0; i++)
        {
            await Task.Delay(100);
        }

        (await app.QuerySingleAsync<long>("select count(*) from billing.receipts_due")).ShouldBe(0);
    }

    public static Task<string> BillStatusAsync(this PortalApp app, Guid billId) =>
        app.QuerySingleAsync<string>("select status from billing.invoices where id = @billId", new { billId });
}
