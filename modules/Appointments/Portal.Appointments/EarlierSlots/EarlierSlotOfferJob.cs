using Microsoft.Extensions.Logging;
using Portal.Shared.Database;
using Portal.Shared.Jobs;

namespace Portal.Appointments.EarlierSlots;

/// <summary>
/// Ends the earlier-slot offers whose time ran out and passes each freed time on to the next patient asking, a batch at a
/// time across clinics: the expired offers are taken with <c>skip locked</c>, so two hosts never pass one offer on twice,
/// and each batch commits with the new offers and their notices.
/// </summary>
[RecurringJob("appointments.earlier-slot-offers", "every 00:01:00", Description = "Passes expired earlier-slot offers on to the next patient asking, in batches.")]
internal sealed class EarlierSlotOfferJob(IDbSession db, EarlierSlotOffers offers, TimeProvider clock, ILogger<EarlierSlotOfferJob> logger) : IRecurringJob
{
    public const int BatchSize = 200;

    /// <summary>So that one run ends: the next run goes on where it stopped.</summary>
    private const int MaxBatchesPerRun = 20;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var expired = await RunBatchAsync(cancellationToken);
            total += expired;
            if (expired < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Passed on {Count} expired earlier-slot offers", total);
        }
    }

    /// <summary>Ends one batch of expired offers and offers their times to the next askers; returns how many ended.</summary>
    public async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BeginTransactionAsync(cancellationToken);
        try
        {
            var expired = await db.QueryAsync<(Guid ClinicId, Guid FreedSlotId)>(
                """
                update appointments.earlier_slot_offers o set state = 'expired', decided_at = @now
                from (
                    select id from appointments.earlier_slot_offers
                    where state = 'pending' and expires_at <= @now
                    order by expires_at, id
                    limit @batch
                    for update skip locked) due
                where o.id = due.id
                returning o.clinic_id, o.freed_slot_id
                """,
                new { now, batch = BatchSize },
                cancellationToken);
            foreach (var (clinicId, freedSlotId) in expired)
            {
                await offers.OfferNextAsync(clinicId, freedSlotId, now, cancellationToken);
            }

            await db.CommitAsync(cancellationToken);
            return expired.Count;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
