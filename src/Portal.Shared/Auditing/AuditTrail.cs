using System.Text.Json;
using Portal.Shared.Database;

namespace Portal.Shared.Auditing;

/// <summary>One entry of the audit log as a page shows it; <see cref="Details"/> is the JSON written with it.</summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset OccurredAt, ActorKind ActorKind, string? ActorLabel, string Action, JsonElement Details);

/// <summary>Reads the audit log about one thing (a patient's chart, say), newest first.</summary>
public interface IAuditTrail
{
    Task<IReadOnlyList<AuditEntry>> ForTargetAsync(Guid clinicId, string targetType, string targetId, int limit, CancellationToken cancellationToken);
}

internal sealed class AuditTrail(IDbSession session) : IAuditTrail
{
    public async Task<IReadOnlyList<AuditEntry>> ForTargetAsync(
        Guid clinicId, string targetType, string targetId, int limit, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<AuditRow>(
            """
            select id, occurred_at, actor_kind, actor_label, action, details::text as details
            from platform.audit_log
            where clinic_id = @clinicId and target_type = @targetType and target_id = @targetId
            order by occurred_at desc, id desc
            limit @limit
            """,
            new { clinicId, targetType, targetId, limit },
            cancellationToken);
        return rows.Select(row => row.ToEntry()).ToList();
    }

    private sealed record AuditRow(long Id, DateTimeOffset OccurredAt, string ActorKind, string? ActorLabel, string Action, string Details)
    {
        public AuditEntry ToEntry()
        {
            using var details = JsonDocument.Parse(Details);
            return new AuditEntry(Id, OccurredAt, Enum.Parse<ActorKind>(ActorKind, ignoreCase: true), ActorLabel, Action, details.RootElement.Clone());
        }
    }
}
