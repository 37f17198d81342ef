using System.Data;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Portal.Shared.Database;

/// <summary>
/// The unit of work of one request (one DI scope): a single connection opened on first use and an
/// optional transaction. Every module's SQL in the scope runs through it, so a change, its audit
/// entries and its outbox rows share one transaction even when they come from different modules.
/// </summary>
public interface IDbSession
{
    bool InTransaction { get; }

    Task<NpgsqlConnection> GetConnectionAsync(CancellationToken cancellationToken);

    Task BeginTransactionAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);

    Task RollbackAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="undo"/> if the open transaction ends without committing (rolled back, refused at
    /// commit, or abandoned): for work outside the database, such as a file written for a row that never lands.
    /// </summary>
    void OnRollback(Func<CancellationToken, Task> undo);

    /// <summary>
    /// Runs <paramref name="then"/> once the open transaction has committed (never if it does not): for what this host
    /// must know at once, such as a cache entry the change made stale.
    /// </summary>
    void OnCommit(Action then);

    /// <summary>
    /// Sends <paramref name="write"/> with the open transaction's COMMIT, in the same round trip: for a write nothing in the
    /// transaction reads back, such as an audit entry. It lands with the transaction or not at all; should it fail, the
    /// commit fails.
    /// </summary>
    void WriteWithCommit(NpgsqlBatchCommand write);

    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken);

    Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken);

    Task<T> QuerySingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken);

    Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken);

    Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken);
}

internal sealed class DbSession(NpgsqlDataSource dataSource, ILogger<DbSession> logger) : IDbSession, IAsyncDisposable
{
    private readonly List<Func<CancellationToken, Task>> _undoOnRollback = [];
    private readonly List<Action> _afterCommit = [];
    private readonly List<NpgsqlBatchCommand> _withCommit = [];
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    public bool InTransaction => _transaction is not null;

    public async Task<NpgsqlConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        else if (_connection.State != ConnectionState.Open)
        {
            await _connection.OpenAsync(cancellationToken);
        }

        return _connection;
    }

    public async Task BeginTransactionAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open in this scope.");
        }

        var connection = await GetConnectionAsync(cancellationToken);
        _transaction = await connection.BeginTransactionAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var transaction = _transaction ?? throw new InvalidOperationException("No transaction is open.");
        _transaction = null;
        var committed = _afterCommit.ToArray();
        _afterCommit.Clear();
        var writes = _withCommit.ToArray();
        _withCommit.Clear();
        await using (transaction)
        {
            try
            {
                if (writes.Length == 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                else
                {
                    await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
                    foreach (var write in writes)
                    {
                        batch.BatchCommands.Add(write);
                    }

                    batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            catch (PostgresException)
            {
                // The server refused the commit, so nothing landed. A lost connection leaves the outcome unknown: then the undo is not run.
                await UndoAsync();
                throw;
            }
            finally
            {
                _undoOnRollback.Clear();
            }
        }

        foreach (var then in committed)
        {
            then();
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        var transaction = _transaction;
        if (transaction is null)
        {
            return;
        }

        _transaction = null;
        _afterCommit.Clear();
        _withCommit.Clear();
        try
        {
            await using (transaction)
            {
                if (transaction.Connection is not null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await UndoAsync();
        }
    }

    public void OnRollback(Func<CancellationToken, Task> undo)
    {
        ArgumentNullException.ThrowIfNull(undo);
        if (_transaction is null)
        {
            throw new InvalidOperationException("There is no transaction to roll back: open one before registering what undoes its work.");
        }

        _undoOnRollback.Add(undo);
    }

    public void OnCommit(Action then)
    {
        ArgumentNullException.ThrowIfNull(then);
        if (_transaction is null)
        {
            throw new InvalidOperationException("There is no transaction to commit: open one before registering what follows its commit.");
        }

        _afterCommit.Add(then);
    }

    public void WriteWithCommit(NpgsqlBatchCommand write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_transaction is null)
        {
            throw new InvalidOperationException("There is no transaction to commit: open one before adding a write to its commit.");
        }

        _withCommit.Add(write);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(Command(sql, parameters, cancellationToken));
        return rows.AsList();
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));
    }

    public async Task<T> QuerySingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<T>(Command(sql, parameters, cancellationToken));
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(Command(sql, parameters, cancellationToken));
    }

    public async Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
            _afterCommit.Clear();
            _withCommit.Clear();
            await UndoAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    /// <summary>Runs the registered undo steps, newest first; one that fails is logged and does not stop the others.</summary>
    private async Task UndoAsync()
    {
        for (var i = _undoOnRollback.Count - 1; i >= 0; i--)
        {
            try
            {
                await _undoOnRollback[i](CancellationToken.None);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(failure, "Could not undo work of a transaction that did not commit");
            }
        }

        _undoOnRollback.Clear();
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, _transaction, cancellationToken: cancellationToken);
}
