using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Portal.Shared.Database;

namespace Portal.Shared.Auditing;

/// <summary>One entry of the audit log: what was done, to what, with details that never hold secrets.</summary>
/// <param name="Action">Dotted name, e.g. <c>settings.portal.updated</c>.</param>
/// <param name="Details">Serialised as JSON; never passcodes, passwords, cookies, keys or card numbers.</param>
public sealed record AuditEvent(string Action, Guid? ClinicId, string? TargetType = null, string? TargetId = null, object? Details = null)
{
    /// <summary>Overrides the context's actor, e.g. the staff member who has just signed in.</summary>
    public Actor? Actor { get; init; }
}

/// <summary>Writes to the append-only audit log inside the caller's transaction (checklist A5).</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken);
}

internal sealed class AuditLog(IDbSession session, IActorContext actorContext, TimeProvider clock) : IAuditLog
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    // A change's entry is sent with the change's COMMIT, in its round trip, and lands with it or not at all. A read's entry,
    // written outside any transaction, commits without waiting for the write-ahead log to reach the disk: visible at once,
    // durable within PostgreSQL's WAL writer delay, and lost only if the database server itself crashes within it. Waiting
    // for that flush on every read set the reads' speed (ADR 21).
    private const string Columns =
        "(occurred_at, clinic_id, actor_kind, actor_id, actor_label, action, target_type, target_id, client_address, details)";

    private const string Values = "$1, $2, $3, $4, $5, $6, $7, $8, $9::inet, $10::jsonb";

    private const string InTransaction = $"insert into platform.audit_log {Columns} values ({Values})";

    private const string OnItsOwn =
        $"insert into platform.audit_log {Columns} select {Values} from (select set_config('synchronous_commit', 'off', true)) as commit_without_flush";

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var actor = auditEvent.Actor ?? actorContext.Actor;
        var entry = new NpgsqlBatchCommand(session.InTransaction ? InTransaction : OnItsOwn)
        {
            Parameters =
            {
                new() { Value = clock.GetUtcNow() },
                new() { Value = (object?)auditEvent.ClinicId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = actor.Kind.ToString().ToLowerInvariant() },
                new() { Value = (object?)actor.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = (object?)actor.Label ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = auditEvent.Action },
                new() { Value = (object?)auditEvent.TargetType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)auditEvent.TargetId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)actorContext.ClientAddress ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = JsonSerializer.Serialize(auditEvent.Details ?? new { }, DetailsJson), NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        if (session.InTransaction)
        {
            session.WriteWithCommit(entry);
            return;
        }

        var connection = await session.GetConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { entry } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
