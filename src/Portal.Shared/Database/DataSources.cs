using Npgsql;

namespace Portal.Shared.Database;

/// <summary>
/// The host's two PostgreSQL connection pools, on one connection string. Portal's own statements never change a
/// connection's session (no SET, LISTEN, cursors or temporary tables outlive a transaction), so the main pool skips
/// Npgsql's reset when a connection returns: seven statements PostgreSQL otherwise runs before every request's first query
/// (ADR 21). It also multiplexes (ADR 35): a statement outside a transaction goes out on whichever connection is free,
/// together with the others waiting, so concurrent requests share round trips and PostgreSQL serves them with fewer
/// processes; a transaction keeps one connection to itself from its start to its end. What needs a connection's session
/// or runs synchronously, which multiplexing does not allow, uses the second pool, which resets as Npgsql does by default
/// and does not multiplex: Hangfire and the notification listener (LISTEN), the migrations (a session advisory lock),
/// and the Data Protection key ring and synchronous file reads (their interfaces are synchronous).
/// </summary>
public static class DataSources
{
    /// <summary>
    /// The key of the pool whose connections are reset when they return and are never shared: for code that leaves session
    /// state or runs synchronously.
    /// </summary>
    public const string WithSessionState = "with-session-state";

    internal static NpgsqlDataSource Build(string connectionString, bool resetOnClose)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Portal sends the same few hundred statements again and again: prepared once per connection, PostgreSQL
        // stops planning each anew (half its CPU per read in bench/messaging). A connection string may still say otherwise.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = !resetOnClose;
        }

        if (!connectionString.Contains("Multiplexing", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.Multiplexing = !resetOnClose;
        }

        return builder.Build();
    }
}
