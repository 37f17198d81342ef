using Portal.Notifications.Features.Queue;
using Portal.Shared.Database;

namespace Portal.Notifications;

/// <summary>Where one queued notification has got, as the people who caused it see it.</summary>
/// <param name="State">
/// <c>queued</c> (waiting, held for quiet hours, or being tried again), <c>sent</c> (handed to the mail
/// server or the SMS provider), <c>delivered</c> (the SMS provider says it reached the phone) or
/// <c>failed</c> (given up on, or the provider says it could not be delivered).
/// </param>
/// <param name="Reason">Why it failed, in the provider's or mail server's words; null otherwise.</param>
/// <param name="Recipient">The address or number, masked as the operators' dashboard shows it.</param>
/// <param name="DeduplicationKey">The key it was queued under, naming the event it announces.</param>
public sealed record NotificationDelivery(
    Guid Id, string DeduplicationKey, string Channel, string Recipient, string State, string? Reason, DateTimeOffset UpdatedAt);

/// <summary>Delivery states of notifications a module queued, by the ids <see cref="INotificationOutbox"/> returned.</summary>
public interface INotificationDeliveries
{
    /// <summary>The deliveries still on record, in the order asked; ids no longer kept (past retention) are left out.</summary>
    Task<IReadOnlyList<NotificationDelivery>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>
    /// The deliveries queued under these deduplication keys (one per channel), ordered by key then channel:
    /// a module that names its notifications after what they announce (a message's id, say) needs to keep no ids.
    /// </summary>
    Task<IReadOnlyList<NotificationDelivery>> GetByKeysAsync(IReadOnlyCollection<string> deduplicationKeys, CancellationToken cancellationToken);
}

internal sealed class NotificationDeliveries(IDbSession db) : INotificationDeliveries
{
    public async Task<IReadOnlyList<NotificationDelivery>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.QueryAsync<DeliveryRow>(
            $"select {Columns} from notifications.outbox where id = any(@ids)", new { ids = ids.ToArray() }, cancellationToken);
        var byId = rows.ToDictionary(r => r.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id].ToDelivery()).ToList();
    }

    public async Task<IReadOnlyList<NotificationDelivery>> GetByKeysAsync(IReadOnlyCollection<string> deduplicationKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deduplicationKeys);
        if (deduplicationKeys.Count == 0)
        {
            return [];
        }

        var rows = await db.QueryAsync<DeliveryRow>(
            $"select {Columns} from notifications.outbox where deduplication_key = any(@keys) order by deduplication_key, channel",
            new { keys = deduplicationKeys.ToArray() },
            cancellationToken);
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    private const string Columns = "id, deduplication_key, channel, recipient, state, last_error, provider_status, updated_at";

    private sealed record DeliveryRow(
        Guid Id, string DeduplicationKey, string Channel, string Recipient, string State, string? LastError, string? ProviderStatus, DateTimeOffset UpdatedAt)
    {
        public NotificationDelivery ToDelivery()
        {
            var (state, reason) = (State, ProviderStatus) switch
            {
                (_, "undelivered" or "failed") => ("failed", LastError ?? $"The SMS provider reported it {ProviderStatus}."),
                ("failed", _) => ("failed", LastError),
                ("sent", "delivered" or "read") => ("delivered", null),
                ("sent", _) => ("sent", null),
                _ => ("queued", (string?)null),
            };
            return new NotificationDelivery(Id, DeduplicationKey, Channel, RecipientMask.Mask(Recipient), state, reason, UpdatedAt);
        }
    }
}
