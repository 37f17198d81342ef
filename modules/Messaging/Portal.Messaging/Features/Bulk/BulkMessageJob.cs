using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Messaging.Conversations;
using Portal.Messaging.Notifications;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Messaging.Features.Bulk;

/// <summary>
/// Sends a bulk message, one chunk of patients per transaction (R1): each chunk's recipients, conversations,
/// messages, links and notifications commit together with the bulk message's progress, so a job retried after
/// a crash starts where the last committed chunk stopped, and the recipients' primary key refuses anyone
/// already handled. Cancelling takes effect before the next chunk.
/// </summary>
internal sealed class BulkMessageJob(
    IDbSession db,
    BulkMessageStore store,
    IPatientDirectory patients,
    IPortalSettings settings,
    NewMessageAnnouncer announcer,
    IAuditLog audit,
    IOptions<BulkMessageOptions> options,
    TimeProvider clock,
    ILogger<BulkMessageJob> logger)
{
    public async Task RunAsync(Guid bulkMessageId, CancellationToken cancellationToken)
    {
        while (await RunChunkAsync(bulkMessageId, cancellationToken))
        {
        }
    }

    /// <summary>Handles the next chunk; false when there is nothing more to do (finished, cancelled, failed or unknown).</summary>
    public async Task<bool> RunChunkAsync(Guid bulkMessageId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await db.BeginTransactionAsync(cancellationToken);
        BulkMessageRow? bulk = null;
        try
        {
            bulk = await store.LockAsync(bulkMessageId, cancellationToken);
            var more = bulk is not null && !BulkStates.IsFinished(bulk.State) && await SendChunkAsync(bulk, cancellationToken);
            await db.CommitAsync(cancellationToken);
            logger.LogDebug("Bulk message {BulkMessageId}: chunk committed in {Elapsed} ms", bulkMessageId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return more;
        }
        catch (Exception failure) when (failure is not OperationCanceledException && bulk is not null)
        {
            await db.RollbackAsync(CancellationToken.None);
            logger.LogError(failure, "Bulk message {BulkMessageId} failed; the chunk under way was rolled back", bulkMessageId);
            await FailAsync(bulk, failure, cancellationToken);
            return false;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> SendChunkAsync(BulkMessageRow bulk, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = await patients.SelectGroupAsync(bulk.ClinicId, bulk.Group.ToFilter(), bulk.LastPatientId, options.Value.ChunkSize, cancellationToken);
        if (ids.Count == 0)
        {
            await db.ExecuteAsync(
                """
                update messaging.bulk_messages
                set state = 'completed', selected = sent + skipped, started_at = coalesce(started_at, @now), finished_at = @now
                where id = @Id
                """,
                new { bulk.Id, now },
                cancellationToken);
            return false;
        }

        var portal = await settings.GetAsync(bulk.ClinicId, cancellationToken);
        var details = await patients.GetContactDetailsAsync(bulk.ClinicId, ids, cancellationToken);
        var recipients = details.Select(patient => new Recipient(
                patient,
                AnnouncementRule.Refusal(patient, portal is { PortalEnabled: true }),
                Guid.CreateVersion7(now),
                Guid.CreateVersion7(now)))
            .ToList();
        var claimed = (await db.QueryAsync<Guid>(
            """
            insert into messaging.bulk_message_recipients (bulk_message_id, clinic_id, patient_id, state, skip_reason, conversation_id, message_id)
            select @bulkId, @clinicId, r.patient_id, case when r.skip_reason is null then 'sent' else 'skipped' end, r.skip_reason,
                   case when r.skip_reason is null then r.conversation_id end, case when r.skip_reason is null then r.message_id end
            from unnest(@patientIds, @reasons, @conversationIds, @messageIds) as r(patient_id, skip_reason, conversation_id, message_id)
            on conflict (bulk_message_id, patient_id) do nothing
            returning patient_id
            """,
            new
            {
                bulkId = bulk.Id,
                clinicId = bulk.ClinicId,
                patientIds = recipients.Select(r => r.Patient.PatientId).ToArray(),
                reasons = recipients.Select(r => r.SkipReason).ToArray(),
                conversationIds = recipients.Select(r => r.ConversationId).ToArray(),
                messageIds = recipients.Select(r => r.MessageId).ToArray(),
            },
            cancellationToken)).ToHashSet();
        var fresh = recipients.Where(r => claimed.Contains(r.Patient.PatientId)).ToList();
        var sent = fresh.Where(r => r.SkipReason is null).ToList();
        if (sent.Count > 0)
        {
            await InsertConversationsAsync(bulk, sent, now, cancellationToken);
            await announcer.AnnounceAsync(
                bulk.ClinicId, sent.Select(r => new NewMessageAnnouncement(r.Patient, r.ConversationId, r.MessageId)).ToList(), cancellationToken);
        }

        await db.ExecuteAsync(
            """
            update messaging.bulk_messages
            set state = 'running', started_at = coalesce(started_at, @now), last_patient_id = @last, sent = sent + @sent, skipped = skipped + @skipped
            where id = @Id
            """,
            new { bulk.Id, now, last = ids[^1], sent = sent.Count, skipped = fresh.Count - sent.Count },
            cancellationToken);
        // One entry per chunk rather than per message: it names every patient and conversation written, by the bulk message's sender (A5).
        await audit.RecordAsync(
            new AuditEvent(BulkMessageAudit.ChunkSent, bulk.ClinicId, BulkMessageAudit.Target, bulk.Id.ToString(),
                new
                {
                    sent = sent.Select(r => new { patientId = r.Patient.PatientId, conversationId = r.ConversationId, messageId = r.MessageId }),
                    skipped = fresh.Where(r => r.SkipReason is not null).Select(r => new { patientId = r.Patient.PatientId, reason = r.SkipReason }),
                    length = bulk.Body.Length,
                })
            {
                Actor = new Actor(ActorKind.Staff, bulk.CreatedBy, bulk.CreatedByName, null, bulk.ClinicId),
            },
            cancellationToken);
        return true;
    }

    private Task<int> InsertConversationsAsync(BulkMessageRow bulk, IReadOnlyList<Recipient> sent, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into messaging.conversations
                (id, clinic_id, patient_id, subject, replies_allowed, status, created_by, created_at, last_message_at, patient_unread)
            select r.id, @clinicId, r.patient_id, @subject, @repliesAllowed, 'open', @createdBy, @now, @now, 1
            from unnest(@conversationIds, @patientIds) as r(id, patient_id);

            insert into messaging.messages (id, clinic_id, conversation_id, author_kind, author_staff_id, author_name, body, sent_at)
            select r.id, @clinicId, r.conversation_id, 'staff', @createdBy, @authorName, @body, @now
            from unnest(@messageIds, @conversationIds) as r(id, conversation_id);
            """,
            new
            {
                clinicId = bulk.ClinicId,
                subject = bulk.Subject,
                repliesAllowed = bulk.RepliesAllowed,
                createdBy = bulk.CreatedBy,
                authorName = bulk.CreatedByName,
                body = bulk.Body,
                now,
                conversationIds = sent.Select(r => r.ConversationId).ToArray(),
                patientIds = sent.Select(r => r.Patient.PatientId).ToArray(),
                messageIds = sent.Select(r => r.MessageId).ToArray(),
            },
            cancellationToken);

    private async Task FailAsync(BulkMessageRow bulk, Exception failure, CancellationToken cancellationToken)
    {
        await db.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            update messaging.bulk_messages set state = 'failed', failure = @reason, finished_at = @now
            where id = @Id and state in ('queued', 'running')
            """,
            new { bulk.Id, now, reason = $"A chunk could not be sent ({failure.GetType().Name}); the patients before it were sent." },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(BulkMessageAudit.Failed, bulk.ClinicId, BulkMessageAudit.Target, bulk.Id.ToString(), new { error = failure.GetType().Name })
            {
                Actor = Actor.System("bulk-message-job"),
            },
            cancellationToken);
        await db.CommitAsync(cancellationToken);
    }

    private sealed record Recipient(PatientContactDetails Patient, string? SkipReason, Guid ConversationId, Guid MessageId);
}
