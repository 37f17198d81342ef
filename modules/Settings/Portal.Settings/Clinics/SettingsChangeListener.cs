using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Portal.Settings.Clinics;

/// <summary>
/// Listens on PostgreSQL's <c>portal_settings_changed</c> channel, on which every save notifies the
/// clinic's id, and drops that clinic from this host's cache. Each host runs one; after a reconnect
/// the whole cache is dropped, since notifications may have been missed.
/// </summary>
internal sealed class SettingsChangeListener(NpgsqlDataSource dataSource, SettingsCache cache, ILogger<SettingsChangeListener> logger)
    : BackgroundService
{
    public const string Channel = "portal_settings_changed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (Guid.TryParse(notification.Payload, out var clinicId))
                    {
                        cache.Invalidate(clinicId);
                    }
                };
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.InvalidateAll();
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
                logger.LogWarning(exception, "Lost the settings change listener's connection; reconnecting");
                cache.InvalidateAll();
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
