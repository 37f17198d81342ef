using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Billing.Invoices;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Shared;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Billing.Receipts;

/// <summary>The <c>Billing:Receipts</c> configuration section: TrueType files to set receipts in, when the machine's own are not wanted.</summary>
internal sealed class ReceiptOptions
{
    public const string Section = "Billing:Receipts";

    public string? FontPath { get; set; }

    public string? BoldFontPath { get; set; }
}

/// <summary>A receipt made for download: its PDF bytes and the name it is saved under.</summary>
internal sealed record ReceiptFile(byte[] Content, string FileName, string Title);

/// <summary>
/// Receipts of paid invoices: a PDF in the patient's language, made from the database each time it is asked for (so it shows
/// refunds made since), kept in the chart as an invoice document when the bill becomes paid, and announced by an email that
/// names only the clinic and the amount.
/// </summary>
internal sealed class BillingReceipts(
    InvoiceStore store, IClinicDirectory clinics, IPatientDirectory patients, IPatientDocuments documents, INotificationOutbox outbox,
    IOptions<PortalOptions> portal, IOptions<ReceiptOptions> options, ILogger<BillingReceipts> logger)
{
    public static readonly Error NoReceipt = Error.NotFound("receipt_not_found", "There is no receipt for this bill: it is not paid.");

    public static readonly Error NoFonts = Error.Conflict(
        "receipt_fonts_missing", "Receipts cannot be made on this server: it has no font (install fonts-liberation or set Billing:Receipts:FontPath).");

    public static bool HasReceipt(string status) =>
        status is InvoiceStatuses.Paid or InvoiceStatuses.PartiallyRefunded or InvoiceStatuses.Refunded;

    public async Task<Result<ReceiptFile>> RenderAsync(InvoiceRow row, CancellationToken cancellationToken)
    {
        if (!HasReceipt(row.Status) || row.Number is null || row.IssuedAt is null || row.PaidAt is null)
        {
            return NoReceipt;
        }

        if (!ReceiptPdf.EnsureFonts(options.Value.FontPath, options.Value.BoldFontPath))
        {
            return NoFonts;
        }

        var content = await ContentAsync(row, cancellationToken);
        return new ReceiptFile(ReceiptPdf.Render(content), content.FileName, content.Title);
    }

    /// <summary>
    /// The bill just became paid, in the caller's transaction: its receipt goes into the chart and the patient gets an email
    /// (amount and clinic, no lines). A receipt that cannot be made is logged and leaves the payment as it is: Stripe's word stands.
    /// </summary>
    public async Task PaidAsync(Guid clinicId, Guid invoiceId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clinicId, invoiceId, false, cancellationToken) is not { } row)
        {
            return;
        }

        var patient = await patients.GetContactDetailsAsync(clinicId, row.PatientId, cancellationToken);
        var clinic = await clinics.FindByIdAsync(clinicId, cancellationToken);
        if (clinic is null)
        {
            return;
        }

        var rendered = await RenderAsync(row, cancellationToken);
        if (rendered.IsSuccess)
        {
            using var pdf = new MemoryStream(rendered.Value.Content);
            var paidOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.PaidAt!.Value, Zone(clinic.TimeZone)).DateTime);
            var added = await documents.AddAsync(
                clinicId, row.PatientId, new NewPatientDocument(DocumentType.Invoice, rendered.Value.Title, paidOn, "Portal"), pdf, "application/pdf", cancellationToken);
            if (!added.IsSuccess)
            {
                logger.LogError("The receipt of invoice {InvoiceId} was not put in the chart: {Code}", row.Id, added.Error!.Code);
            }
        }
        else
        {
            logger.LogError("The receipt of invoice {InvoiceId} could not be made: {Code}", row.Id, rendered.Error!.Code);
        }

        if (patient?.Email is { } email)
        {
            var language = patient.Language == "fr" ? "fr" : "en";
            await outbox.EnqueueAsync(
                new NotificationRequest(
                    BillingTemplates.Receipt,
                    clinicId,
                    NotificationChannels.Email,
                    email,
                    null,
                    language,
                    new Dictionary<string, string>
                    {
                        ["clinic"] = clinic.Name,
                        ["amount"] = Money.Format(row.TotalCents, row.Currency, language),
                        ["link"] = $"{portal.Value.PublicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinic.Slug)}/bills/{row.Id}",
                    },
                    BillingTemplates.ReceiptKey(row.Id)),
                cancellationToken);
        }
    }

    private async Task<ReceiptContent> ContentAsync(InvoiceRow row, CancellationToken cancellationToken)
    {
        var view = await store.ViewAsync(row, cancellationToken);
        var patient = await patients.GetContactDetailsAsync(row.ClinicId, row.PatientId, cancellationToken);
        var clinic = await clinics.FindByIdAsync(row.ClinicId, cancellationToken);
        var zone = Zone(clinic?.TimeZone);
        DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var refunds = view.Refunds.Select(r => (Day(r.CreatedAt), r.AmountCents)).ToList();
        // Refunds made in Stripe's dashboard arrive only as the charge's refunded total.
        var elsewhere = row.RefundedCents - refunds.Sum(r => r.AmountCents);
        if (elsewhere > 0)
        {
            refunds.Add((Day(row.PaidAt!.Value), elsewhere));
        }

        return new ReceiptContent(
            patient?.Language == "fr" ? "fr" : "en", clinic?.Name ?? "", patient?.DisplayName ?? view.PatientName ?? "", row.Number!.Value, row.Currency,
            Day(row.IssuedAt!.Value), Day(row.PaidAt!.Value), view.Lines, row.SubtotalCents, row.TaxCents, row.TotalCents, refunds);
    }

    private static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
