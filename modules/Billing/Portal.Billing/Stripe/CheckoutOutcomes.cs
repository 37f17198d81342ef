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
    /// <summary>The event that told the state, stored in the same statement so that it is taken once (W2).</summary>
    public sealed record StripeEventReceived(string Id, string Type);

    // One statement does what a session's news may change, so that it costs one round trip (the audit entry goes with the
    // commit). Each part runs only if the one before it found something: the event is new (when there is one), the session is
    // the clinic's. The invoice row is locked before the session's (the order a patient's pay request takes them); in READ
    // COMMITTED a row another transaction changed meanwhile is read again in its committed state, so the invoice's update to
    // paid still happens at most once (its status must still be issued) and the receipt row follows it.
    private const string ApplyStatement = """
        invoice_locked as (
            select i.id, i.status, i.total_cents, i.currency
            from billing.checkout_sessions s
            join billing.invoices i on i.clinic_id = s.clinic_id and i.id = s.invoice_id
            where s.clinic_id = @clinicId and s.id = @Id and exists (select from event_taken)
            for update of i
        ),
        session_moved as (
            update billing.checkout_sessions set
                status = case when status = 'open' and @Status in ('complete', 'expired') then @Status else status end,
                payment_status = case when payment_status = 'paid' then payment_status else @PaymentStatus end,
                payment_intent = coalesce(payment_intent, @PaymentIntent),
                updated_at = @now
            where clinic_id = @clinicId and id = @Id and exists (select from invoice_locked)
        ),
        paid as (
            update billing.invoices set status = 'paid', paid_at = @now, payment_intent = @PaymentIntent
            where clinic_id = @clinicId and id = (select id from invoice_locked) and status = 'issued'
              and @PaymentStatus = 'paid' and total_cents = @AmountTotal and currency = @Currency
            returning id
        ),
        receipt_due as (
            -- The receipt (a PDF in the chart, the email) is made by the billing.receipts job, after this transaction.
            insert into billing.receipts_due (invoice_id, clinic_id, due_at)
            select id, @clinicId, @now from paid
            on conflict do nothing
        )
        select exists (select from event_taken) as first, i.id, i.status, i.total_cents, i.currency,
               exists (select from paid) as paid
        from (select) as one left join invoice_locked i on true
        """;

    private const string WithEvent = """
        with event_taken as (
            insert into billing.stripe_events (clinic_id, event_id, type, received_at)
            values (@clinicId, @EventId, @EventType, @now)
            on conflict do nothing
            returning 1
        ),
        """ + "\n" + ApplyStatement;

    private const string WithoutEvent = "with event_taken as (select 1),\n" + ApplyStatement;

    /// <summary>
    /// Applies the state, taking <paramref name="received"/> first when it is given: false when that event was already taken,
    /// and then nothing changes.
    /// </summary>
    public async Task<bool> ApplyAsync(Guid clinicId, StripeSessionState state, StripeEventReceived? received, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var outcome = await db.QuerySingleAsync<Outcome>(
            received is null ? WithoutEvent : WithEvent,
            new
            {
                clinicId, state.Id, state.Status, state.PaymentStatus, state.PaymentIntent, state.AmountTotal, state.Currency, now,
                EventId = received?.Id, EventType = received?.Type,
            },
            cancellationToken);
        if (!outcome.First)
        {
            return false;
        }

        if (outcome.Id is not { } invoiceId)
        {
            logger.LogInformation("Stripe spoke of checkout session {SessionId}, which is not one of clinic {ClinicId}'s", state.Id, clinicId);
            return true;
        }

        if (outcome.Paid)
        {
            await audit.RecordAsync(
                new AuditEvent("billing.invoice.paid", clinicId, "invoice", invoiceId.ToString(), new { sessionId = state.Id, outcome.TotalCents, state.PaymentIntent }),
                cancellationToken);
            return true;
        }

        if (state.PaymentStatus != "paid")
        {
            return true;
        }

        if (state.AmountTotal != outcome.TotalCents || !string.Equals(state.Currency, outcome.Currency, StringComparison.Ordinal))
        {
            await audit.RecordAsync(
                new AuditEvent("billing.payment.mismatch", clinicId, "invoice", invoiceId.ToString(),
                    new { sessionId = state.Id, state.AmountTotal, state.Currency, outcome.TotalCents, invoiceCurrency = outcome.Currency }),
                cancellationToken);
            logger.LogWarning("Checkout session {SessionId} was paid {Amount} {Currency}, not the invoice's {Total} {InvoiceCurrency}",
                state.Id, state.AmountTotal, state.Currency, outcome.TotalCents, outcome.Currency);
        }
        else if (outcome.Status == InvoiceStatuses.Void)
        {
            // Voided while the patient paid: the clinic sees it in the audit log and refunds the payment.
            await audit.RecordAsync(
                new AuditEvent("billing.payment.for_void_invoice", clinicId, "invoice", invoiceId.ToString(), new { sessionId = state.Id, state.PaymentIntent }),
                cancellationToken);
        }

        return true;
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

    private sealed class Outcome
    {
        public bool First { get; init; }

        public Guid? Id { get; init; }

        public string? Status { get; init; }

        public long? TotalCents { get; init; }

        public string? Currency { get; init; }

        public bool Paid { get; init; }
    }

    private sealed class InvoiceMoney
    {
        public Guid Id { get; init; }

        public string Status { get; init; } = "";

        public long TotalCents { get; init; }

        public string Currency { get; init; } = "";

        public long RefundedCents { get; init; }
    }
}
