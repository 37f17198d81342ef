using MediatR;

namespace Portal.Shared.Events;

/// <summary>
/// Something a module announces to the others (patient created, portal access changed…). Declared
/// in the announcing module's Contracts project; any module may handle it with an
/// <c>INotificationHandler&lt;T&gt;</c>.
/// </summary>
public interface IIntegrationEvent : INotification;

/// <summary>
/// Publishes integration events in-process, inside the publisher's unit of work: handlers run on the
/// same <see cref="Database.IDbSession"/> and so commit or roll back with the change that caused the
/// event. A handler that must reach the outside world writes an outbox row rather than calling out.
/// </summary>
public interface IIntegrationEvents
{
    Task PublishAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken);
}

internal sealed class IntegrationEvents(IMediator mediator) : IIntegrationEvents
{
    public Task PublishAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return mediator.Publish(integrationEvent, cancellationToken);
    }
}
