using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Portal.Billing.Invoices;
using Portal.Billing.Stripe;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Stripe;

namespace Portal.Billing.Features.StaffInvoices;

/// <param name="AmountCents">What to give back, in cents; everything not yet refunded when left out.</param>
internal sealed record RefundBody(long? AmountCents = null);

internal sealed record RefundInvoiceCommand(Guid Id, long? AmountCents) : ICommand<InvoiceView>;

internal sealed class RefundInvoiceValidator : AbstractValidator<RefundInvoiceCommand>
{
    public RefundInvoiceValidator() => RuleFor(x => x.AmountCents).GreaterThan(0).When(x => x.AmountCents is not null);
}

/// <summary>
/// Gives back all or part of a paid invoice through Stripe, under the clinic's keys, with an idempotency key per invoice and
/// refund so a retried request refunds once. Stripe's charge.refunded event that follows changes nothing more.
/// </summary>
internal sealed class RefundInvoiceHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, InvoiceStore store, IClinicStripeCredentials credentials, StripeClients stripe,
    IAuditLog audit, TimeProvider clock, ILogger<RefundInvoiceHandler> logger)
    : IRequestHandler<RefundInvoiceCommand, Result<InvoiceView>>
{
    public async Task<Result<InvoiceView>> Handle(RefundInvoiceCommand request, CancellationToken cancellationToken)
    {
        var invoice = await store.FindAsync(clinic.ClinicId, request.Id, true, cancellationToken);
        if (invoice is null)
        {
            return BillingErrors.InvoiceNotFound;
        }

        if (invoice.Status is not (InvoiceStatuses.Paid or InvoiceStatuses.PartiallyRefunded) || invoice.PaymentIntent is null)
        {
            return BillingErrors.NotRefundable;
        }

        var left = invoice.TotalCents - invoice.RefundedCents;
        var amount = request.AmountCents ?? left;
        if (amount > left || amount < 1)
        {
            return BillingErrors.RefundTooLarge;
        }

        if (await credentials.GetAsync(clinic.ClinicId, cancellationToken) is not { } keys)
        {
            return Error.Conflict("stripe_keys_missing", "The clinic's Stripe keys are not there: enter them in Settings to refund through Stripe.");
        }

        var number = 1 + await db.QuerySingleAsync<int>(
            "select count(*)::int from billing.refunds where clinic_id = @ClinicId and invoice_id = @Id", new { clinic.ClinicId, invoice.Id }, cancellationToken);
        Refund refund;
        try
        {
            refund = await new RefundService(stripe.For(keys.SecretKey)).CreateAsync(
                new RefundCreateOptions
                {
                    PaymentIntent = invoice.PaymentIntent,
                    Amount = amount,
                    Metadata = new Dictionary<string, string> { ["portal_invoice_id"] = invoice.Id.ToString() },
                },
                new RequestOptions { IdempotencyKey = $"portal-refund-{invoice.Id}-{number}-{amount}" },
                cancellationToken);
        }
        catch (StripeException e) when (e.StripeError?.Type == "invalid_request_error")
        {
            logger.LogWarning(e, "Stripe refused a refund of invoice {InvoiceId}", invoice.Id);
            return Error.Conflict("refund_refused", $"Stripe refused the refund: {e.StripeError.Message}");
        }
        catch (Exception e) when (e is StripeException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Stripe did not refund invoice {InvoiceId}", invoice.Id);
            return BillingErrors.StripeUnavailable;
        }

        var now = clock.GetUtcNow();
        var refunded = invoice.RefundedCents + refund.Amount;
        var status = InvoiceStatuses.AfterRefunds(refunded, invoice.TotalCents);
        await db.ExecuteAsync(
            """
            insert into billing.refunds (id, clinic_id, invoice_id, amount_cents, created_by, created_at)
            values (@Id, @ClinicId, @invoiceId, @Amount, @by, @now) on conflict (id) do nothing
            """,
            new { refund.Id, clinic.ClinicId, invoiceId = invoice.Id, refund.Amount, by = actor.Actor.Id, now },
            cancellationToken);
        await db.ExecuteAsync(
            "update billing.invoices set refunded_cents = @refunded, status = @status where clinic_id = @ClinicId and id = @Id",
            new { refunded, status, clinic.ClinicId, invoice.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("billing.invoice.refunded", clinic.ClinicId, "invoice", invoice.Id.ToString(), new { refundId = refund.Id, refund.Amount, refundedCents = refunded }),
            cancellationToken);
        return await store.ViewAsync(invoice with { RefundedCents = refunded, Status = status }, cancellationToken);
    }
}

internal sealed class RefundInvoiceEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffBilling("/invoices")
            .MapPost("/{id:guid}/refunds", async Task<Results<Ok<InvoiceView>, ErrorHttpResult>> (
                    Guid id, RefundBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RefundInvoiceCommand(id, body.AmountCents), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("RefundInvoice")
            .ValidatedAs<RefundInvoiceCommand>()
            .WithSummary("Refunds all or part of a paid invoice through Stripe; it becomes partially refunded or refunded.")
            .WithDescription("Any staff member of the clinic. amountCents left out refunds what is left. An invoice not paid is 409 not_refundable; " +
                "more than what is left is 400 refund_too_large; Stripe not answering is 409 stripe_unavailable, and nothing changes.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
