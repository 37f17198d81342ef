using System.Text.Json;
using Portal.Shared.Database;

namespace Portal.Shared.Auditing;

/// <summary>One entry of the audit log as a page shows it; <see cref="Details"/> is the JSON written with it.</summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset OccurredAt, ActorKind ActorKind, string? ActorLabel, string Action, JsonElement Details);

/// <summary>
/// One row of a folded trail: a single entry, or a run of the same repeated action by the same actor
/// (<see cref="Count"/> entries from <see cref="FirstOccurredAt"/> to <see cref="OccurredAt"/>), shown with the newest entry's details.
/// </summary>
/// <param name="ClientAddress">Where the newest entry came from, as the host saw it; null outside a request.</param>
public sealed record FoldedAuditEntry(
    long Id,
    DateTimeOffset OccurredAt,
    DateTimeOffset FirstOccurredAt,
    int Count,
    ActorKind ActorKind,
    Guid? ActorId,
    string? ActorLabel,
    string Action,
    string? ClientAddress,
    JsonElement Details);

/// <summary>Which entries fold together: the same action, one of <see cref="Actions"/>, by the same actor, one after the other, all within <see cref="Within"/>.</summary>
public sealed record AuditFolding(IReadOnlyCollection<string> Actions, TimeSpan Within);

/// <summary>Reads the audit log about one thing (a patient's chart, say), newest first.</summary>
public interface IAuditTrail
{
    Task<IReadOnlyList<AuditEntry>> ForTargetAsync(Guid clinicId, string targetType, string targetId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="limit"/> rows of the trail after folding, so a page of rows is a page of what a reader sees.
    /// Consecutive entries (in the trail's order) of one foldable action by one actor make a run; a run is cut into
    /// rows that each span less than <see cref="AuditFolding.Within"/>, counting back from the run's newest entry.
    /// The stored entries are left as they are.
    /// </summary>
    Task<IReadOnlyList<FoldedAuditEntry>> FoldedForTargetAsync(
        Guid clinicId, string targetType, string targetId, AuditFolding folding, int limit, CancellationToken cancellationToken);
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

    public async Task<IReadOnlyList<FoldedAuditEntry>> FoldedForTargetAsync(
        Guid clinicId, string targetType, string targetId, AuditFolding folding, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folding);
        // A row starts a new run unless it repeats the previous (newer) row's foldable action by the same actor; a run is then
        // cut into slices of less than the window each, measured back from the run's newest entry.
        var rows = await session.QueryAsync<FoldedRow>(
            """
            with trail as (
                select id, occurred_at, actor_kind, actor_id, actor_label, action, client_address, details,
                       case when action = any(@foldable)
                                 and action = lag(action) over newest_first
                                 and actor_kind = lag(actor_kind) over newest_first
                                 and actor_id is not distinct from lag(actor_id) over newest_first
                                 and actor_label is not distinct from lag(actor_label) over newest_first
                            then 0 else 1 end as starts_run
                from platform.audit_log
                where clinic_id = @clinicId and target_type = @targetType and target_id = @targetId
                window newest_first as (order by occurred_at desc, id desc)
            ),
            runs as (
                select *, sum(starts_run) over (order by occurred_at desc, id desc) as run
                from trail
            ),
            slices as (
                select *, floor(extract(epoch from max(occurred_at) over (partition by run) - occurred_at) / @windowSeconds) as slice
                from runs
            ),
            folded as (
                select *,
                       count(*) over (partition by run, slice) as count,
                       min(occurred_at) over (partition by run, slice) as first_occurred_at,
                       row_number() over (partition by run, slice order by occurred_at desc, id desc) as newest
                from slices
            )
            select id, occurred_at, first_occurred_at, count::int as count, actor_kind, actor_id, actor_label, action,
                   host(client_address) as client_address, details::text as details
            from folded
            where newest = 1
            order by occurred_at desc, id desc
            limit @limit
            """,
            new
            {
                clinicId,
                targetType,
                targetId,
                foldable = folding.Actions.ToArray(),
                windowSeconds = folding.Within.TotalSeconds,
                limit,
            },
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

    private sealed record FoldedRow(
        long Id,
        DateTimeOffset OccurredAt,
        DateTimeOffset FirstOccurredAt,
        int Count,
        string ActorKind,
        Guid? ActorId,
        string? ActorLabel,
        string Action,
        string? ClientAddress,
        string Details)
    {
        public FoldedAuditEntry ToEntry()
        {
            using var details = JsonDocument.Parse(Details);
            return new FoldedAuditEntry(
                Id, OccurredAt, FirstOccurredAt, Count, Enum.Parse<ActorKind>(ActorKind, ignoreCase: true), ActorId, ActorLabel, Action,
                ClientAddress, details.RootElement.Clone());
        }
    }
}
