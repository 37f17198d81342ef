using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Shared.Modules;

namespace Portal.Shared.Database;

/// <summary>One numbered, forward-only SQL script embedded in a module's assembly.</summary>
public sealed record Migration(string Module, int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>
/// Applies each module's embedded <c>Migrations/NNNN_name.sql</c> scripts in order, one transaction
/// per script, recording them in <c>platform.schema_migrations</c>. A session-level advisory lock
/// lets any number of hosts start at once: one migrates, the others wait and then find nothing to do.
/// An applied script whose text has since changed stops the run: migrations are never edited.
/// Last, still under the lock, Hangfire's storage tables are created or upgraded in schema <c>hangfire</c>.
/// </summary>
public sealed partial class MigrationRunner(
    [FromKeyedServices(DataSources.WithSessionState)] NpgsqlDataSource dataSource, IEnumerable<IPortalModule> modules, ILogger<MigrationRunner> logger)
{
    // Any constant works; it only has to be the same for every Portal host.
    private const long AdvisoryLockKey = 0x504f5254414c; // "PORTAL"

    public static IReadOnlyList<Migration> Discover(IPortalModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var assembly = module.GetType().Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            var match = ResourceName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(
                module.Name,
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Module {module.Name} has two migrations numbered {duplicate.Key}.");
        }

        return migrations.OrderBy(m => m.Version).ToList();
    }

    /// <summary>Applies what is missing and returns how many scripts ran.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"select pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                create schema if not exists platform;
                create table if not exists platform.schema_migrations (
                    module      text        not null,
                    version     integer     not null,
                    name        text        not null,
                    checksum    text        not null,
                    applied_at  timestamptz not null default now(),
                    primary key (module, version)
                );
                """, cancellationToken);

            var applied = await LoadJournalAsync(connection, cancellationToken);
            var count = 0;
            foreach (var module in modules)
            {
                foreach (var migration in Discover(module))
                {
                    if (applied.TryGetValue((migration.Module, migration.Version), out var checksum))
                    {
                        if (checksum != migration.Checksum)
                        {
                            throw new InvalidOperationException(
                                $"Migration {migration.Module} {migration.Version:0000} ({migration.Name}) was changed after it was applied. " +
                                "Migrations are forward-only: add a new one instead.");
                        }

                        continue;
                    }

                    await ApplyAsync(connection, migration, cancellationToken);
                    count++;
                }
            }

            await Jobs.JobStorageSchema.ProvisionAsync(connection, cancellationToken);
            return count;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
        await using (var journal = new NpgsqlCommand(
            "insert into platform.schema_migrations (module, version, name, checksum) values ($1, $2, $3, $4)",
            connection,
            transaction))
        {
            journal.Parameters.Add(new NpgsqlParameter { Value = migration.Module });
            journal.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            journal.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            journal.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
            await journal.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Applied migration {Module} {Version:0000} {Name}", migration.Module, migration.Version, migration.Name);
    }

    private static async Task<Dictionary<(string Module, int Version), string>> LoadJournalAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<(string, int), string>();
        await using var command = new NpgsqlCommand("select module, version, checksum from platform.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"\.Migrations\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
