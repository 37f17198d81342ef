using Portal.Notifications;

namespace Portal.Billing.Receipts;

/// <summary>Billing's notifications: a payment received, with the clinic and the amount only (no services, nothing of health).</summary>
internal sealed class BillingTemplates : INotificationTemplateSource
{
    public const string Receipt = "billing.receipt";

    public static string ReceiptKey(Guid invoiceId) => $"{Receipt}:{invoiceId}";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(Receipt, ["clinic", "amount", "link"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new(
                    "Payment received by {clinic}",
                    "{clinic} received your payment of {amount}. Thank you.\n\n" +
                    "Your receipt is in your patient portal, with the bill: {link}",
                    "<p>{clinic} received your payment of {amount}. Thank you.</p>" +
                    "<p>Your receipt is in your patient portal, with the bill: <a href=\"{link}\">see the bill and its receipt</a></p>"),
                ["fr"] = new(
                    "Paiement reçu par {clinic}",
                    "{clinic} a reçu votre paiement de {amount}. Merci.\n\n" +
                    "Votre reçu se trouve dans votre portail patient, avec la facture : {link}",
                    "<p>{clinic} a reçu votre paiement de {amount}. Merci.</p>" +
                    "<p>Votre reçu se trouve dans votre portail patient, avec la facture : <a href=\"{link}\">voir la facture et son reçu</a></p>"),
            },
        },
    ];
}
