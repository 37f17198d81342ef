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

internal sealed class AuditLog(IDbSession session, IActorContext actorContext, TimeProvider clock, ReadAuditWriter reads) : IAuditLog
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    // A change's entry is sent with the change's COMMIT, in its round trip, and lands with it or not at all. A read's entry,
    // written outside any transaction, goes with other reads' entries in one statement (ReadAuditWriter, ADR 32) and commits
    // without waiting for the write-ahead log to reach the disk: visible before the read is answered, durable within
    // PostgreSQL's WAL writer delay, and lost only if the database server itself crashes within it (ADR 21).
    private const string InTransaction =
        $"""
        insert into platform.audit_log ({AuditRow.Columns})
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9::inet, $10::jsonb)
        """;

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var actor = auditEvent.Actor ?? actorContext.Actor;
        var row = new AuditRow(
            clock.GetUtcNow(),
            auditEvent.ClinicId,
            actor.Kind.ToString().ToLowerInvariant(),
            actor.Id,
            actor.Label,
            auditEvent.Action,
            auditEvent.TargetType,
            auditEvent.TargetId,
            actorContext.ClientAddress,
            JsonSerializer.Serialize(auditEvent.Details ?? new { }, DetailsJson));
        if (!session.InTransaction)
        {
            await reads.WriteAsync(row);
            return;
        }

        session.WriteWithCommit(new NpgsqlBatchCommand(InTransaction)
        {
            Parameters =
            {
                new() { Value = row.OccurredAt },
                new() { Value = (object?)row.ClinicId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = row.ActorKind },
                new() { Value = (object?)row.ActorId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = (object?)row.ActorLabel ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = row.Action },
                new() { Value = (object?)row.TargetType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)row.TargetId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)row.ClientAddress ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = row.Details, NpgsqlDbType = NpgsqlDbType.Text },
            },
        });
    }
}
