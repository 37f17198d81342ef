using Hangfire.PostgreSql;
using Npgsql;

namespace Portal.Shared.Jobs;

/// <summary>Hangfire's storage in the application's own database, schema <c>hangfire</c>.</summary>
internal static class JobStorageSettings
{
    public const string Schema = "hangfire";

    public static PostgreSqlStorageOptions Options(JobsOptions options) => new()
    {
        SchemaName = Schema,
        // The migrations runner provisions it under its advisory lock (JobStorageSchema).
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = options.QueuePollInterval,
        // LISTEN/NOTIFY: an enqueued job is picked up at once rather than at the next poll.
        EnableLongPolling = true,
        UseSlidingInvisibilityTimeout = true,
    };
}

/// <summary>Connections for Hangfire come from the application's data source and its pool.</summary>
internal sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}

/// <summary>
/// Creates or upgrades Hangfire's tables. Called by the migrations runner while it holds its advisory
/// lock, so hosts starting together never provision at once; the hosts themselves never do.
/// </summary>
public static class JobStorageSchema
{
    public static async Task ProvisionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        // Hangfire.PostgreSql's installer is synchronous.
        await Task.Run(() => PostgreSqlObjectsInstaller.Install(connection, JobStorageSettings.Schema), cancellationToken);
    }
}
