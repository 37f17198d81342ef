using System.Globalization;
using Portal.Billing.Invoices;

namespace Portal.Billing.Receipts;

/// <summary>What a receipt says, already in the patient's language: the renderer only lays it out.</summary>
internal sealed record ReceiptContent(
    string Language, string ClinicName, string PatientName, int Number, string Currency, DateOnly IssuedOn, DateOnly PaidOn,
    IReadOnlyList<InvoiceLineView> Lines, long SubtotalCents, long TaxCents, long TotalCents, IReadOnlyList<(DateOnly On, long AmountCents)> Refunds)
{
    public bool French => Language == "fr";

    public string Money(long cents) => Invoices.Money.Format(cents, Currency, Language);

    public string Date(DateOnly date) =>
        date.ToString(French ? "d MMMM yyyy" : "MMMM d, yyyy", CultureInfo.GetCultureInfo(French ? "fr-CA" : "en-CA"));

    public string Title => French ? $"Reçu – facture n° {Number}" : $"Receipt – invoice no. {Number}";

    public string FileName => French ? $"recu-facture-{Number}.pdf" : $"receipt-invoice-{Number}.pdf";

    public string Word(string english, string french) => French ? french : english;

    /// <summary>"Paid: May 4, 2026" or "Date de paiement : 4 mai 2026", with each language's colon.</summary>
    public string Fact(string english, string french, string value) => French ? $"{french} : {value}" : $"{english}: {value}";
}
