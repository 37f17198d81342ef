using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Billing.Invoices;
using Portal.Notifications;
using Portal.Settings.Contracts;
using Portal.Shared.Caching;
using Portal.Shared.Database;
using Portal.Shared.Modules;

namespace Portal.Billing;

/// <summary>Private bills: the clinic's price list, invoices and their numbers, payment through Stripe Checkout, webhooks and refunds.</summary>
public sealed class BillingModule : IPortalModule
{
    public string Name => "Billing";

    public string Schema => "billing";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<InvoiceStore>();
        services.AddScoped<InvoiceNotices>();
        services.AddScoped<PatientBilling>();
        services.AddScoped<Receipts.BillingReceipts>();
        services.AddSingleton<INotificationTemplateSource, Receipts.BillingTemplates>();
        services.Configure<Receipts.ReceiptOptions>(configuration.GetSection(Receipts.ReceiptOptions.Section));
        Stripe.StripeSetup.AddServices(services, configuration);
        services.AddSingleton<Stripe.StripeKeysCache>();
        services.AddSingleton<Stripe.ClinicStripeKeys>();
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<Stripe.StripeKeysCache>(), SettingsChanges.Channel));
    }
}
