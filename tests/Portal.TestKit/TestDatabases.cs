using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Portal.Host;
using Portal.Shared.Database;

namespace Portal.TestKit;

/// <summary>
/// Databases for tests on the throwaway PostgreSQL server that build/test starts (PORTAL_TEST_PG).
/// The migrations run once per set of migration scripts into a template; every test class then gets
/// its own copy of it, which takes a fraction of a second.
/// </summary>
public static class TestDatabases
{
    public const string ServerVariable = "PORTAL_TEST_PG";

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? s_template;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with build/test, which starts a throwaway PostgreSQL server, " +
                "or set it to a connection string of a server where databases may be created.");

    /// <summary>Creates a fresh, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = "portal_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"create database {name} template {template}");
        return WithDatabase(name);
    }

    /// <summary>Creates a database with nothing in it, for tests of the migrations themselves.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = "portal_empty_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"create database {name}");
        return WithDatabase(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"drop database if exists {name} with (force)");
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        if (s_template is not null)
        {
            return s_template;
        }

        await TemplateGate.WaitAsync();
        try
        {
            if (s_template is not null)
            {
                return s_template;
            }

            var name = "portal_template_" + MigrationsFingerprint();
            // Several test processes may start at once: a server-wide advisory lock lets one build it.
            await using var server = new NpgsqlConnection(WithDatabase("postgres"));
            await server.OpenAsync();
            await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(4242)", server))
            {
                await lockCommand.ExecuteNonQueryAsync();
            }

            try
            {
                await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", server);
                exists.Parameters.Add(new NpgsqlParameter { Value = name });
                if (await exists.ExecuteScalarAsync() is null)
                {
                    var building = name + "_building";
                    await ExecuteOnServerAsync($"drop database if exists {building} with (force)");
                    await ExecuteOnServerAsync($"create database {building}");
                    await using (var dataSource = NpgsqlDataSource.Create(WithDatabase(building) + ";Pooling=false"))
                    {
                        await new MigrationRunner(dataSource, PortalHost.Modules, NullLogger<MigrationRunner>.Instance).MigrateAsync(CancellationToken.None);
                    }

                    await ExecuteOnServerAsync($"alter database {building} rename to {name}");
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(4242)", server);
                await unlock.ExecuteNonQueryAsync();
            }

            s_template = name;
            return name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static string MigrationsFingerprint()
    {
        var all = string.Join('\n', PortalHost.Modules.SelectMany(MigrationRunner.Discover).Select(m => $"{m.Module}/{m.Version}/{m.Checksum}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..12];
    }

    private static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(WithDatabase("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
