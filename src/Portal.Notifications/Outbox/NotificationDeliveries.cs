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
public sealed record NotificationDelivery(Guid Id, string Channel, string Recipient, string State, string? Reason, DateTimeOffset UpdatedAt);

/// <summary>Delivery states of notifications a module queued, by the ids <see cref="INotificationOutbox"/> returned.</summary>
public interface INotificationDeliveries
{
    /// <summary>The deliveries still on record, in the order asked; ids no longer kept (past retention) are left out.</summary>
    Task<IReadOnlyList<NotificationDelivery>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
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
            """
            select id, channel, recipient, state, last_error, provider_status, updated_at
            from notifications.outbox
            where id = any(@ids)
            """,
            new { ids = ids.ToArray() },
            cancellationToken);
        var byId = rows.ToDictionary(r => r.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id].ToDelivery()).ToList();
    }

    private sealed record DeliveryRow(
        Guid Id, string Channel, string Recipient, string State, string? LastError, string? ProviderStatus, DateTimeOffset UpdatedAt)
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
            return new NotificationDelivery(Id, Channel, RecipientMask.Mask(Recipient), state, reason, UpdatedAt);
        }
    }
}
