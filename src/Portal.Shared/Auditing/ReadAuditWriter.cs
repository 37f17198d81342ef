using Npgsql;
using NpgsqlTypes;

namespace Portal.Shared.Auditing;

/// <summary>One audit entry as stored, its actor and details already resolved.</summary>
internal sealed record AuditRow(
    DateTimeOffset OccurredAt,
    Guid? ClinicId,
    string ActorKind,
    Guid? ActorId,
    string? ActorLabel,
    string Action,
    string? TargetType,
    string? TargetId,
    string? ClientAddress,
    string Details)
{
    /// <summary>The columns of <c>platform.audit_log</c> an entry fills, in the order of this record.</summary>
    public const string Columns = "occurred_at, clinic_id, actor_kind, actor_id, actor_label, action, target_type, target_id, client_address, details";
}

/// <summary>
/// Writes the audit entries of reads (made outside any transaction) for the whole host, several to a statement: while one
/// statement is on its way, the entries that arrive wait and go together in the next one. Each caller still waits until its
/// own entry is stored, so a read is answered only once its entry is in the log, as before; what changes is that a read no
/// longer spends a round trip of its own connection on it, and PostgreSQL inserts many rows per statement (ADR 32).
/// </summary>
internal sealed class ReadAuditWriter(NpgsqlDataSource dataSource)
{
    /// <summary>The most entries one statement carries; more wait for the next.</summary>
    public const int MaxBatch = 500;

    // Committed without waiting for the write-ahead log to reach the disk, as each read's entry was before (ADR 21).
    private const string Insert =
        $"""
        insert into platform.audit_log ({AuditRow.Columns})
        select e.occurred_at, e.clinic_id, e.actor_kind, e.actor_id, e.actor_label, e.action, e.target_type, e.target_id,
               e.client_address::inet, e.details::jsonb
        from unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                 with ordinality as e ({AuditRow.Columns}, n)
             cross join (select set_config('synchronous_commit', 'off', true)) as commit_without_flush
        order by e.n
        """;

    private readonly Lock _gate = new();
    private List<Waiting> _queue = [];
    private bool _writing;

    /// <summary>Completes when <paramref name="row"/> is stored; fails, like every entry of its statement, if the statement fails.</summary>
    public Task WriteAsync(AuditRow row)
    {
        var waiting = new Waiting(row, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_gate)
        {
            _queue.Add(waiting);
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            _ = WriteQueuedAsync();
        }

        return waiting.Stored.Task;
    }

    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                if (_queue.Count <= MaxBatch)
                {
                    batch = _queue;
                    _queue = [];
                }
                else
                {
                    batch = _queue.GetRange(0, MaxBatch);
                    _queue.RemoveRange(0, MaxBatch);
                }
            }

            try
            {
                await InsertAsync(batch);
                foreach (var waiting in batch)
                {
                    waiting.Stored.TrySetResult();
                }
            }
#pragma warning disable CA1031 // Whatever stopped the statement is handed to every caller whose entry it carried.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                foreach (var waiting in batch)
                {
                    waiting.Stored.TrySetException(failure);
                }
            }
        }
    }

    private async Task InsertAsync(List<Waiting> batch)
    {
        var rows = batch.ConvertAll(waiting => waiting.Row);
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(Array(rows, r => r.OccurredAt, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Array(rows, r => r.ClinicId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Array(rows, r => r.ActorKind, NpgsqlDbType.Text));
        command.Parameters.Add(Array(rows, r => r.ActorId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Array(rows, r => r.ActorLabel, NpgsqlDbType.Text));
        command.Parameters.Add(Array(rows, r => r.Action, NpgsqlDbType.Text));
        command.Parameters.Add(Array(rows, r => r.TargetType, NpgsqlDbType.Text));
        command.Parameters.Add(Array(rows, r => r.TargetId, NpgsqlDbType.Text));
        command.Parameters.Add(Array(rows, r => r.ClientAddress, NpgsqlDbType.Text));
        command.Parameters.Add(Array(rows, r => r.Details, NpgsqlDbType.Text));
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static NpgsqlParameter<T[]> Array<T>(List<AuditRow> rows, Func<AuditRow, T> column, NpgsqlDbType type) =>
        new() { TypedValue = rows.ConvertAll(row => column(row)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    private sealed record Waiting(AuditRow Row, TaskCompletionSource Stored);
}
