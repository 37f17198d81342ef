namespace Portal.Billing.Invoices;

/// <summary>An invoice's statuses: draft → issued → paid → partially refunded / refunded; a draft or unpaid issued invoice may be voided.</summary>
internal static class InvoiceStatuses
{
    public const string Draft = "draft";
    public const string Issued = "issued";
    public const string Paid = "paid";
    public const string PartiallyRefunded = "partially_refunded";
    public const string Refunded = "refunded";
    public const string Void = "void";

    /// <summary>What a patient sees: never drafts or voided bills.</summary>
    public static readonly string[] ShownToPatients = [Issued, Paid, PartiallyRefunded, Refunded];

    /// <summary>The status after a total of <paramref name="refunded"/> cents of <paramref name="total"/> went back.</summary>
    public static string AfterRefunds(long refunded, long total) => refunded <= 0 ? Paid : refunded >= total ? Refunded : PartiallyRefunded;
}

/// <summary>Amounts in cents (hundredths) of an invoice's currency, one of <see cref="BillingCurrencies.Supported"/>.</summary>
internal static class Money
{
    /// <summary>Invoices are in Canadian dollars unless a clinic is given another currency.</summary>
    public const string DefaultCurrency = "cad";

    /// <summary>Tax on a line, rounded half away from zero to the cent: <paramref name="rateBasisPoints"/> 1300 is 13 %.</summary>
    public static long Tax(long amountCents, int rateBasisPoints) =>
        (long)Math.Round(amountCents * (decimal)rateBasisPoints / 10000m, MidpointRounding.AwayFromZero);

    /// <summary>12.34 $ in French, $12.34 in English, for messages; other currencies by their code (12,34 EUR, 12.34 EUR).</summary>
    public static string Format(long cents, string currency, string language)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(language == "fr" ? "fr-CA" : "en-CA");
        var amount = (cents / 100m).ToString("N2", culture);
        var code = currency.ToUpperInvariant();
        return code == "CAD" ? (language == "fr" ? $"{amount} $" : $"${amount}") : $"{amount} {code}";
    }
}
