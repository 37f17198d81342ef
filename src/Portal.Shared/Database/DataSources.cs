using Npgsql;

namespace Portal.Shared.Database;

/// <summary>
/// The host's two PostgreSQL connection pools, on one connection string. Portal's own statements never change a
/// connection's session (no SET, LISTEN, cursors or temporary tables outlive a transaction, and the migrations' advisory
/// lock is released before the connection goes back), so the main pool skips Npgsql's reset when a connection returns:
/// seven statements PostgreSQL otherwise runs before every request's first query (ADR 21). Hangfire and the notification
/// listener LISTEN on their connections, so theirs come from the second pool, which resets as Npgsql does by default.
/// </summary>
public static class DataSources
{
    /// <summary>The key of the pool whose connections are reset when they return, for code that leaves session state.</summary>
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

        return builder.Build();
    }
}
