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
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;
using Stripe;
using Stripe.Checkout;

namespace Portal.Billing.Features.Webhooks;

internal sealed record StripeWebhookCommand(string Payload, string Signature) : ICommand;

/// <summary>
/// A clinic's Stripe events. The signature is checked with Stripe.net's <see cref="EventUtility.ConstructEvent(string, string, string, long, long, bool)"/>
/// against the clinic's webhook signing secret, with 300 seconds of tolerance on its timestamp (W1): a bad or old one is 400
/// and changes nothing. Each event is handled once by its id (W2), and what it says only moves a session or invoice forward.
/// </summary>
internal sealed class StripeWebhookHandler(
    IDbSession db, ClinicContext clinic, ClinicStripeKeys credentials, CheckoutOutcomes outcomes, IOptions<StripeOptions> options,
    TimeProvider clock, ILogger<StripeWebhookHandler> logger)
    : IRequestHandler<StripeWebhookCommand, Result>
{
    public static readonly Error BadSignature = Error.Validation("bad_signature", "The event is not signed by Stripe with this clinic's webhook secret, or was signed too long ago.");

    private static readonly Error BadEvent = Error.Validation("bad_event", "The event is not one Stripe would send.");

    public async Task<Result> Handle(StripeWebhookCommand request, CancellationToken cancellationToken)
    {
        var keys = await credentials.GetAsync(clinic.ClinicId, cancellationToken);
        if (keys?.WebhookSigningSecret is not { Length: > 0 } secret)
        {
            return Error.NotFound("webhooks_not_configured", "This clinic has no Stripe webhook signing secret.");
        }

        Event evt;
        try
        {
            evt = EventUtility.ConstructEvent(
                request.Payload, request.Signature, secret, (long)options.Value.WebhookTolerance.TotalSeconds, clock.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            logger.LogWarning("Refused a Stripe event for clinic {ClinicId}: {Reason}", clinic.ClinicId, e.Message);
            return BadSignature;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Signed, but not an event Stripe would write: the signature is checked before the body is read.
            logger.LogWarning(e, "Refused a malformed Stripe event for clinic {ClinicId}", clinic.ClinicId);
            return BadEvent;
        }

        if (evt.Id is not { Length: > 0 and <= 255 } || evt.Type is not { Length: > 0 and <= 255 })
        {
            return BadEvent;
        }

        if (evt.Data.Object is Session session && evt.Type is "checkout.session.completed" or "checkout.session.async_payment_succeeded"
                or "checkout.session.async_payment_failed" or "checkout.session.expired")
        {
            // Each carries the session's state, which only moves forward; the event is taken in the same statement.
            await outcomes.ApplyAsync(clinic.ClinicId, State(session), new CheckoutOutcomes.StripeEventReceived(evt.Id, evt.Type), cancellationToken);
            return Result.Success;
        }

        var first = await db.ExecuteAsync(
            "insert into billing.stripe_events (clinic_id, event_id, type, received_at) values (@ClinicId, @Id, @Type, @now) on conflict do nothing",
            new { clinic.ClinicId, evt.Id, evt.Type, now = clock.GetUtcNow() },
            cancellationToken);
        if (first == 0)
        {
            return Result.Success;
        }

        if (evt.Type == "charge.refunded" && evt.Data.Object is Charge { PaymentIntentId: { } intent } charge)
        {
            await outcomes.ApplyRefundedAsync(clinic.ClinicId, intent, charge.AmountRefunded, cancellationToken);
        }
        else
        {
            logger.LogDebug("Stripe event {Type} is not one Portal acts on", evt.Type);
        }

        return Result.Success;
    }

    public static StripeSessionState State(Session session) =>
        new(session.Id, session.Status, session.PaymentStatus, session.AmountTotal, session.Currency, session.PaymentIntentId);
}

internal sealed class StripeWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/billing/stripe")
            .MapPost("/webhook", async Task<Results<NoContent, ErrorHttpResult>> (HttpRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            {
                if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
                {
                    return Error.UnsupportedMediaType("json_expected", "Stripe posts application/json.").ToHttp();
                }

                using var reader = new StreamReader(request.Body);
                var payload = await reader.ReadToEndAsync(cancellationToken);
                var signature = request.Headers["Stripe-Signature"].ToString();
                if (signature.Length == 0)
                {
                    return StripeWebhookHandler.BadSignature.ToHttp();
                }

                return (await mediator.Send(new StripeWebhookCommand(payload, signature), cancellationToken)).ToHttp();
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new SignedRequestMetadata(
                "stripeSignature",
                "Stripe-Signature",
                "Stripe signs each event with the clinic's webhook signing secret in the Stripe-Signature header; it needs no session or antiforgery token."))
            .WithRequestSizeLimit(64 * 1024)
            .WithTags("Billing")
            .WithName("StripeWebhook")
            .WithSummary("Receives a clinic's Stripe events: the clinic sets this address as its webhook endpoint in Stripe.")
            .WithDescription("Handles checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed, " +
                "checkout.session.expired and charge.refunded; other events are acknowledged and ignored. A missing or bad Stripe-Signature, or one " +
                "more than 300 seconds old, is 400 bad_signature. Each event is handled once, whatever the order they come in; a bill becomes paid " +
                "only when the session says paid and its amount and currency are the bill's. A clinic without a webhook signing secret is 404.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
