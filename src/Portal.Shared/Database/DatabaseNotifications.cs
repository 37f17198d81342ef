using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Portal.Shared.Database;

/// <summary>
/// Something a module wants to hear about through PostgreSQL's LISTEN/NOTIFY: a notification sent
/// with <c>pg_notify</c> inside a transaction reaches every host only when that transaction commits.
/// </summary>
public interface IDatabaseNotificationSubscriber
{
    string Channel { get; }

    void OnNotification(string payload);

    /// <summary>The listening connection was (re)opened: anything sent while it was down was missed.</summary>
    void OnListening();
}

/// <summary>One listening connection per host for every subscriber; reconnects when the connection drops.</summary>
internal sealed class DatabaseNotificationListener(
    [FromKeyedServices(DataSources.WithSessionState)] NpgsqlDataSource dataSource, IEnumerable<IDatabaseNotificationSubscriber> subscribers, ILogger<DatabaseNotificationListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var byChannel = subscribers.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.ToList());
        if (byChannel.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (byChannel.TryGetValue(notification.Channel, out var listeners))
                    {
                        listeners.ForEach(listener => listener.OnNotification(notification.Payload));
                    }
                };
                foreach (var channel in byChannel.Keys)
                {
                    await using var listen = new NpgsqlCommand($"listen \"{channel}\"", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                foreach (var subscriber in byChannel.Values.SelectMany(list => list))
                {
                    subscriber.OnListening();
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(exception, "Lost the database notification connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
