using Portal.Shared.Database;

namespace Portal.Billing.Invoices;

/// <summary>
/// The currencies a clinic may bill in: ISO 4217 codes, lower case as Stripe writes them, that Stripe charges in and that have two
/// decimal places both in ISO 4217 and at Stripe, so that an amount in cents is an amount in hundredths everywhere (the price list,
/// the tax rounded to the cent, Stripe's unit_amount, the receipt). Zero-decimal currencies (JPY, KRW...) and those Stripe treats
/// specially (HUF, TWD, ISK) are left out: see ADR 31.
/// </summary>
internal static class BillingCurrencies
{
    public static readonly IReadOnlyList<string> Supported = ["cad", "usd", "eur", "gbp", "aud", "nzd", "chf", "dkk", "nok", "sek"];

    public static bool IsSupported(string? currency) => currency is not null && Supported.Contains(currency, StringComparer.Ordinal);

    /// <summary>The currency the clinic bills in now: its choice, else <see cref="Money.DefaultCurrency"/>.</summary>
    public static async Task<string> OfClinicAsync(IDbSession db, Guid clinicId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<string>(
            "select currency from billing.clinic_settings where clinic_id = @clinicId", new { clinicId }, cancellationToken)
        ?? Money.DefaultCurrency;
}
