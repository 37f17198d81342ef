using Portal.Billing.Stripe;
using Portal.Settings.Contracts;

namespace Portal.Billing.Invoices;

/// <summary>
/// S5: patients see and pay bills only while the clinic has portal billing on and its Stripe keys are there. Otherwise
/// every patient billing endpoint answers 404, as if it did not exist; staff still see invoices. Both come from this host's
/// caches, so the check reads and decrypts nothing while they hold.
/// </summary>
internal sealed class PatientBilling(IPortalSettings settings, ClinicStripeKeys credentials)
{
    /// <summary>The clinic's Stripe keys when patients may use billing, else null.</summary>
    public async Task<StripeCredentials?> OpenAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        var snapshot = await settings.GetAsync(clinicId, cancellationToken);
        if (snapshot is not { PortalEnabled: true, BillingEnabled: true })
        {
            return null;
        }

        return await credentials.GetAsync(clinicId, cancellationToken);
    }
}
