using Portal.Messaging.Contracts;
using Portal.Registration.Contracts;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Billing.Invoices;

/// <summary>
/// Tells a patient of a new bill with a secure message in their language. The message, read in the portal, holds the
/// number and total; the email or SMS announcing it says only that a message is waiting (M2), so no amount leaves the portal.
/// </summary>
internal sealed class InvoiceNotices(IPatientMessages messages, IPatientDirectory patients, ClinicContext clinic)
{
    public async Task<Result<Guid>> BillIssuedAsync(InvoiceRow invoice, CancellationToken cancellationToken)
    {
        var patient = await patients.GetContactDetailsAsync(invoice.ClinicId, invoice.PatientId, cancellationToken);
        var language = patient?.Language == "fr" ? "fr" : "en";
        var total = Money.Format(invoice.TotalCents, invoice.Currency, language);
        var name = clinic.Clinic.Name;
        var message = language == "fr"
            ? new PatientMessage(
                invoice.PatientId,
                $"Nouvelle facture n° {invoice.Number}",
                $"{name} vous a envoyé la facture n° {invoice.Number}, d'un total de {total}.\n\n" +
                "Vous pouvez la consulter, et la payer en ligne si la clinique le propose, à la page Factures du portail.")
            : new PatientMessage(
                invoice.PatientId,
                $"New bill no. {invoice.Number}",
                $"{name} has sent you bill no. {invoice.Number}, for a total of {total}.\n\n" +
                "You can see it, and pay it online where the clinic offers this, on the portal's Bills page.");
        return await messages.SendAsync(invoice.ClinicId, message, cancellationToken);
    }
}
