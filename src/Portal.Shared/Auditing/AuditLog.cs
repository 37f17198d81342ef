using System.Text.Json;
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

    // A change's entry commits with the change. A read's entry, written outside any transaction, commits without waiting
    // for the write-ahead log to reach the disk: visible at once, durable within PostgreSQL's WAL writer delay, and lost only
    // if the database server itself crashes within it. Waiting for that flush on every read set the reads' speed (ADR 21).
    private const string Columns =
        "(occurred_at, clinic_id, actor_kind, actor_id, actor_label, action, target_type, target_id, client_address, details)";

    private const string Values =
        "@OccurredAt, @ClinicId, @ActorKind, @ActorId, @ActorLabel, @Action, @TargetType, @TargetId, cast(@ClientAddress as inet), cast(@Details as jsonb)";

    private const string InTransaction = $"insert into platform.audit_log {Columns} values ({Values})";

    private const string OnItsOwn =
        $"insert into platform.audit_log {Columns} select {Values} from (select set_config('synchronous_commit', 'off', true)) as commit_without_flush";

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var actor = auditEvent.Actor ?? actorContext.Actor;
        return session.ExecuteAsync(
            session.InTransaction ? InTransaction : OnItsOwn,
            new
            {
                OccurredAt = clock.GetUtcNow(),
                auditEvent.ClinicId,
                ActorKind = actor.Kind.ToString().ToLowerInvariant(),
                ActorId = actor.Id,
                ActorLabel = actor.Label,
                auditEvent.Action,
                auditEvent.TargetType,
                auditEvent.TargetId,
                actorContext.ClientAddress,
                Details = JsonSerializer.Serialize(auditEvent.Details ?? new { }, DetailsJson),
            },
            cancellationToken);
    }
}
