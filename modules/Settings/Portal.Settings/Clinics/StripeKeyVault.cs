using Microsoft.AspNetCore.DataProtection;
using Portal.Settings.Contracts;
using Portal.Shared.Database;

namespace Portal.Settings.Clinics;

/// <summary>Encrypts Stripe secrets with Data Protection before they are stored, and decrypts them for Billing.</summary>
internal sealed class StripeKeyVault(IDataProtectionProvider protection, IDbSession db) : IClinicStripeCredentials
{
    private readonly IDataProtector _protector = protection.CreateProtector("Portal.Settings.StripeKeys.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public async Task<StripeCredentials?> GetAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<StripeAccountRow>(
            "select publishable_key, secret_key_protected, webhook_secret_protected from settings.stripe_accounts where clinic_id = @clinicId",
            new { clinicId },
            cancellationToken);
        return row is null
            ? null
            : new StripeCredentials(
                row.PublishableKey,
                _protector.Unprotect(row.SecretKeyProtected),
                row.WebhookSecretProtected is null ? null : _protector.Unprotect(row.WebhookSecretProtected));
    }

    private sealed class StripeAccountRow
    {
        public string PublishableKey { get; init; } = "";

        public string SecretKeyProtected { get; init; } = "";

        public string? WebhookSecretProtected { get; init; }
    }
}
