using Microsoft.Extensions.Logging;
using Portal.Billing.Invoices;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Billing.Stripe;

/// <summary>A Checkout Session's state as Stripe tells it, from a signed event or from asking Stripe.</summary>
/// <param name="Status">open, complete or expired.</param>
/// <param name="PaymentStatus">paid, unpaid or no_payment_required.</param>
internal sealed record StripeSessionState(string Id, string Status, string PaymentStatus, long? AmountTotal, string? Currency, string? PaymentIntent);

/// <summary>
/// Applies what Stripe says of a Checkout Session to Portal's copy and its invoice, in the caller's transaction. Changes only
/// go forward (an open session may complete or expire; an issued invoice may become paid), so the same news twice, or news
/// older than what is known, changes nothing (W2). An invoice becomes paid only when the session says paid and its amount and
/// currency are the invoice's.
/// </summary>
internal sealed class CheckoutOutcomes(IDbSession db, IAuditLog audit, TimeProvider clock, ILogger<CheckoutOutcomes> logger)
{
    public async Task ApplyAsync(Guid clinicId, StripeSessionState state, CancellationToken cancellationToken)
    {
        var known = await db.QuerySingleOrDefaultAsync<KnownSession>(
            "select invoice_id, status from billing.checkout_sessions where clinic_id = @clinicId and id = @Id",
            new { clinicId, state.Id },
            cancellationToken);
        if (known is null)
        {
            logger.LogInformation("Stripe spoke of checkout session {SessionId}, which is not one of clinic {ClinicId}'s", state.Id, clinicId);
            return;
        }

        // The invoice first, then the session, in the order a patient's pay request takes them.
        var invoice = await db.QuerySingleAsync<InvoiceMoney>(
            "select id, status, total_cents, currency from billing.invoices where clinic_id = @clinicId and id = @InvoiceId for update",
            new { clinicId, known.InvoiceId },
            cancellationToken);
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            update billing.checkout_sessions set
                status = case when status = 'open' and @Status in ('complete', 'expired') then @Status else status end,
                payment_status = case when payment_status = 'paid' then payment_status else @PaymentStatus end,
                payment_intent = coalesce(payment_intent, @PaymentIntent),
                updated_at = @now
            where clinic_id = @clinicId and id = @Id
            """,
            new { state.Status, state.PaymentStatus, state.PaymentIntent, now, clinicId, state.Id },
            cancellationToken);

        if (state.PaymentStatus != "paid")
        {
            return;
        }

        if (state.AmountTotal != invoice.TotalCents || !string.Equals(state.Currency, invoice.Currency, StringComparison.Ordinal))
        {
            await audit.RecordAsync(
                new AuditEvent("billing.payment.mismatch", clinicId, "invoice", invoice.Id.ToString(),
                    new { sessionId = state.Id, state.AmountTotal, state.Currency, invoice.TotalCents, invoiceCurrency = invoice.Currency }),
                cancellationToken);
            logger.LogWarning("Checkout session {SessionId} was paid {Amount} {Currency}, not the invoice's {Total} {InvoiceCurrency}",
                state.Id, state.AmountTotal, state.Currency, invoice.TotalCents, invoice.Currency);
            return;
        }

        if (invoice.Status != InvoiceStatuses.Issued)
        {
            if (invoice.Status == InvoiceStatuses.Void)
            {
                // Voided while the patient paid: the clinic sees it in the audit log and refunds the payment.
                await audit.RecordAsync(
                    new AuditEvent("billing.payment.for_void_invoice", clinicId, "invoice", invoice.Id.ToString(), new { sessionId = state.Id, state.PaymentIntent }),
                    cancellationToken);
            }

            return;
        }

        await db.ExecuteAsync(
            "update billing.invoices set status = 'paid', paid_at = @now, payment_intent = @PaymentIntent where clinic_id = @clinicId and id = @Id and status = 'issued'",
            new { now, state.PaymentIntent, clinicId, invoice.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("billing.invoice.paid", clinicId, "invoice", invoice.Id.ToString(), new { sessionId = state.Id, invoice.TotalCents, state.PaymentIntent }),
            cancellationToken);
        // The receipt (a PDF in the chart, the email) is made by the billing.receipts job, after this transaction.
        await db.ExecuteAsync(
            "insert into billing.receipts_due (invoice_id, clinic_id, due_at) values (@Id, @clinicId, @now) on conflict do nothing",
            new { invoice.Id, clinicId, now },
            cancellationToken);
    }

    /// <summary>
    /// A charge's refunds as Stripe counts them: the invoice's refunded amount rises to it (never falls), so a repeated or late
    /// charge.refunded changes nothing, and a refund made in Stripe's dashboard shows too.
    /// </summary>
    public async Task ApplyRefundedAsync(Guid clinicId, string paymentIntent, long amountRefunded, CancellationToken cancellationToken)
    {
        var invoice = await db.QuerySingleOrDefaultAsync<InvoiceMoney>(
            """
            select id, status, total_cents, currency, refunded_cents from billing.invoices
            where clinic_id = @clinicId and payment_intent = @paymentIntent for update
            """,
            new { clinicId, paymentIntent },
            cancellationToken);
        if (invoice is null || amountRefunded <= invoice.RefundedCents
            || invoice.Status is not (InvoiceStatuses.Paid or InvoiceStatuses.PartiallyRefunded))
        {
            return;
        }

        var refunded = Math.Min(amountRefunded, invoice.TotalCents);
        await db.ExecuteAsync(
            "update billing.invoices set refunded_cents = @refunded, status = @status where clinic_id = @clinicId and id = @Id",
            new { refunded, status = InvoiceStatuses.AfterRefunds(refunded, invoice.TotalCents), clinicId, invoice.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("billing.invoice.refunded", clinicId, "invoice", invoice.Id.ToString(), new { refundedCents = refunded, source = "stripe" }),
            cancellationToken);
    }

    private sealed record KnownSession(Guid InvoiceId, string Status);

    private sealed class InvoiceMoney
    {
        public Guid Id { get; init; }

        public string Status { get; init; } = "";

        public long TotalCents { get; init; }

        public string Currency { get; init; } = "";

        public long RefundedCents { get; init; }
    }
}
