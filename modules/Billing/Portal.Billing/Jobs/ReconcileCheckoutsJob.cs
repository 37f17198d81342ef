using Microsoft.Extensions.Logging;
using Portal.Billing.Features.Webhooks;
using Portal.Billing.Stripe;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Jobs;
using Portal.Shared.Results;
using Stripe;
using Stripe.Checkout;

namespace Portal.Billing.Jobs;

/// <summary>
/// Asks Stripe about the Checkout Sessions Portal still thinks open, a few minutes after they were made, and applies the answer
/// as a webhook would: a webhook that never came does not leave a paid bill unpaid, nor a finished session open. Each session
/// is settled in its own transaction; a clinic whose keys are gone, or a Stripe that does not answer, is tried again next run.
/// </summary>
[RecurringJob("billing.reconcile-checkouts", "every 00:10:00", Description = "Asks Stripe about checkout sessions still open and settles their bills.")]
internal sealed class ReconcileCheckoutsJob(
    IDbSession db, IClinicStripeCredentials credentials, StripeClients stripe, CheckoutOutcomes outcomes, TimeProvider clock,
    ILogger<ReconcileCheckoutsJob> logger) : IRecurringJob
{
    public const int BatchSize = 200;

    /// <summary>Sessions younger than this are left to their webhooks.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var open = await db.QueryAsync<OpenSession>(
            """
            select clinic_id, id from billing.checkout_sessions
            where status = 'open' and created_at < @before
            order by updated_at
            limit @BatchSize
            """,
            new { before = clock.GetUtcNow() - Grace, BatchSize },
            cancellationToken);
        var settled = 0;
        foreach (var clinic in open.GroupBy(s => s.ClinicId))
        {
            var keys = await credentials.GetAsync(clinic.Key, cancellationToken);
            if (keys is null)
            {
                continue;
            }

            var sessions = new SessionService(stripe.For(keys.SecretKey));
            foreach (var item in clinic)
            {
                Session session;
                try
                {
                    session = await sessions.GetAsync(item.Id, cancellationToken: cancellationToken);
                }
                catch (Exception e) when (e is StripeException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    logger.LogWarning(e, "Stripe did not tell the state of checkout session {SessionId}", item.Id);
                    continue;
                }

                await db.InTransactionAsync(
                    async () =>
                    {
                        await outcomes.ApplyAsync(clinic.Key, StripeWebhookHandler.State(session), received: null, cancellationToken);
                        return Result.Success;
                    },
                    cancellationToken);
                await db.ExecuteAsync(
                    "update billing.checkout_sessions set updated_at = @now where clinic_id = @ClinicId and id = @Id and status = 'open'",
                    new { now = clock.GetUtcNow(), item.ClinicId, item.Id },
                    cancellationToken);
                settled++;
            }
        }

        if (settled > 0)
        {
            logger.LogInformation("Asked Stripe about {Count} open checkout sessions", settled);
        }
    }

    private sealed record OpenSession(Guid ClinicId, string Id);
}
