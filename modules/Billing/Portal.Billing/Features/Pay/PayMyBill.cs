using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Billing.Invoices;
using Portal.Billing.Stripe;
using Portal.Registration.Contracts;
using Portal.Shared;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Stripe;
using Stripe.Checkout;

namespace Portal.Billing.Features.Pay;

/// <summary>Where the browser goes to pay: Stripe's checkout page for this bill.</summary>
/// <param name="Url">Stripe Checkout's page; it sends the patient back to the bill's page when they have paid or cancelled.</param>
internal sealed record CheckoutStart(string SessionId, string Url);

internal sealed record PayMyBillCommand(Guid PatientId, Guid Id) : ICommand<CheckoutStart>;

/// <summary>
/// B2: a Stripe Checkout Session for one of the patient's issued bills, under the clinic's own Stripe keys. The amount and
/// currency are the invoice's, never the browser's (A3). The invoice stays locked while Stripe is asked, so two clicks make
/// one session; a session still open is offered again; and each new one carries the idempotency key of its invoice and
/// attempt (W3), so a request retried after a lost answer, or a whole pay request retried after a failure, gets the session
/// Stripe already made.
/// </summary>
internal sealed class PayMyBillHandler(
    IDbSession db, ClinicContext clinic, PatientBilling billing, InvoiceStore store, StripeClients stripe, IPatientDirectory patients,
    IOptions<PortalOptions> portal, IAuditLog audit, TimeProvider clock, ILogger<PayMyBillHandler> logger)
    : IRequestHandler<PayMyBillCommand, Result<CheckoutStart>>
{
    public async Task<Result<CheckoutStart>> Handle(PayMyBillCommand request, CancellationToken cancellationToken)
    {
        if (await billing.OpenAsync(clinic.ClinicId, cancellationToken) is not { } keys)
        {
            return BillingErrors.BillingOff;
        }

        var invoice = await store.FindForPatientAsync(clinic.ClinicId, request.PatientId, request.Id, true, cancellationToken);
        if (invoice is null)
        {
            return BillingErrors.BillNotFound;
        }

        if (invoice.Status != InvoiceStatuses.Issued)
        {
            return BillingErrors.NotPayable;
        }

        if (invoice.TotalCents <= 0)
        {
            return BillingErrors.NothingToPay;
        }

        var now = clock.GetUtcNow();
        var open = await db.QuerySingleOrDefaultAsync<OpenSession>(
            """
            select id, url from billing.checkout_sessions
            where clinic_id = @ClinicId and invoice_id = @Id and status = 'open' and expires_at > @soon and amount_cents = @TotalCents and currency = @Currency
            order by attempt desc limit 1
            """,
            new { clinic.ClinicId, invoice.Id, soon = now.AddMinutes(5), invoice.TotalCents, invoice.Currency },
            cancellationToken);
        if (open is { Url: not null })
        {
            return new CheckoutStart(open.Id, open.Url);
        }

        var attempt = 1 + await db.QuerySingleAsync<int>(
            "select coalesce(max(attempt), 0) from billing.checkout_sessions where clinic_id = @ClinicId and invoice_id = @Id",
            new { clinic.ClinicId, invoice.Id },
            cancellationToken);
        var language = (await patients.GetContactDetailsAsync(clinic.ClinicId, request.PatientId, cancellationToken))?.Language == "fr" ? "fr" : "en";
        var billPage = $"{portal.Value.PublicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinic.Clinic.Slug)}/bills/{invoice.Id}";
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = invoice.Id.ToString(),
            SuccessUrl = billPage + "?checkout={CHECKOUT_SESSION_ID}",
            CancelUrl = billPage + "?checkout=cancelled",
            Locale = language,
            Metadata = new Dictionary<string, string>
            {
                ["portal_clinic_id"] = clinic.ClinicId.ToString(),
                ["portal_invoice_id"] = invoice.Id.ToString(),
                ["portal_attempt"] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = invoice.Currency,
                        UnitAmount = invoice.TotalCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = language == "fr"
                                ? $"{clinic.Clinic.Name} : facture n° {invoice.Number}"
                                : $"{clinic.Clinic.Name}: bill no. {invoice.Number}",
                        },
                    },
                },
            ],
        };
        Session session;
        try
        {
            session = await new SessionService(stripe.For(keys.SecretKey)).CreateAsync(
                create, new RequestOptions { IdempotencyKey = $"portal-checkout-{invoice.Id}-{attempt}" }, cancellationToken);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Stripe did not make a checkout session for invoice {InvoiceId}", invoice.Id);
            return BillingErrors.StripeUnavailable;
        }

        if (session.AmountTotal != invoice.TotalCents || !string.Equals(session.Currency, invoice.Currency, StringComparison.Ordinal) || session.Url is null)
        {
            logger.LogError("Stripe's checkout session {SessionId} is not for invoice {InvoiceId}'s amount", session.Id, invoice.Id);
            return BillingErrors.StripeUnavailable;
        }

        await db.ExecuteAsync(
            """
            insert into billing.checkout_sessions
                (id, clinic_id, invoice_id, attempt, status, payment_status, amount_cents, currency, url, expires_at, created_at, updated_at)
            values (@Id, @clinicId, @invoiceId, @attempt, 'open', @PaymentStatus, @AmountTotal, @Currency, @Url, @expiresAt, @now, @now)
            on conflict (id) do nothing
            """,
            new
            {
                session.Id, clinicId = clinic.ClinicId, invoiceId = invoice.Id, attempt, session.PaymentStatus, session.AmountTotal, session.Currency, session.Url,
                expiresAt = new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)), now,
            },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("billing.checkout.started", clinic.ClinicId, "invoice", invoice.Id.ToString(), new { sessionId = session.Id, attempt, invoice.TotalCents }),
            cancellationToken);
        return new CheckoutStart(session.Id, session.Url);
    }

    private sealed record OpenSession(string Id, string? Url);
}

internal sealed class PayMyBillEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyBills()
            .MapPost("/{id:guid}/checkout", async Task<Results<Ok<CheckoutStart>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new PayMyBillCommand(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("PayMyBill")
            .WithSummary("Starts paying one of the signed-in patient's bills: answers the address of Stripe's checkout page for it.")
            .WithDescription("The amount and currency are the bill's as the clinic issued it; nothing in the request sets them. Asked again while " +
                "a checkout is open, it answers the same page. Another patient's bill or an unknown id is 404 bill_not_found; billing off (S5) is 404 " +
                "billing_off; a bill paid, refunded or void is 409 not_payable; Stripe not answering is 409 stripe_unavailable (nothing is charged).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
