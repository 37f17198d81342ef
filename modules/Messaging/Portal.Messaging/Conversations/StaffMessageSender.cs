using Portal.Messaging.Contracts;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Results;

namespace Portal.Messaging.Conversations;

/// <summary>A staff member's message: the first of a new conversation (patient, subject, allow replies) or one in <see cref="Conversation"/>.</summary>
/// <param name="AttachmentIds">Documents of the patient's chart to attach, in order.</param>
internal sealed record OutgoingStaffMessage(
    Guid? PatientId, string? Subject, bool AllowReplies, ConversationRow? Conversation, string Body, IReadOnlyList<Guid> AttachmentIds)
{
    /// <summary>One of <see cref="MessageKinds"/>; an upload request is sent like any message and its request row added beside it.</summary>
    public string Kind { get; init; } = MessageKinds.Text;

    public static OutgoingStaffMessage NewConversation(Guid patientId, string? subject, bool allowReplies, string body, IReadOnlyList<Guid>? attachmentIds = null) =>
        new(patientId, subject, allowReplies, null, body, attachmentIds ?? []);

    public static OutgoingStaffMessage Reply(ConversationRow conversation, string body, IReadOnlyList<Guid>? attachmentIds = null) =>
        new(null, null, false, conversation, body, attachmentIds ?? []);
}

internal sealed record SentStaffMessage(ConversationRow Conversation, Guid MessageId, bool NewConversation);

/// <summary>
/// The one way a staff message reaches a patient: composed, replied or sent from a draft. Runs in the
/// caller's transaction, so everything a send causes (the audit entry, the <see cref="StaffMessageSent"/>
/// event and the outbox rows its handlers write) commits with the message or not at all (checklist R1).
/// </summary>
internal sealed class StaffMessageSender(
    IDbSession db,
    IActorContext actor,
    IPatientDirectory patients,
    IPortalSettings settings,
    ConversationStore store,
    MessageAttachments attachments,
    IAuditLog audit,
    IIntegrationEvents events,
    TimeProvider clock)
{
    public async Task<Result<SentStaffMessage>> SendAsync(Guid clinicId, OutgoingStaffMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Body))
        {
            return MessagingErrors.BodyRequired;
        }

        var sender = actor.Actor;
        var now = clock.GetUtcNow();
        ConversationRow conversation;
        if (message.Conversation is { } existing)
        {
            if (existing.Status != ConversationStatus.Open)
            {
                return MessagingErrors.ConversationClosed;
            }

            if (await attachments.RefusalAsync(clinicId, existing.PatientId, message.AttachmentIds, cancellationToken) is { } refused)
            {
                return refused;
            }

            conversation = existing;
        }
        else
        {
            var started = await StartAsync(clinicId, message, sender.Id!.Value, now, cancellationToken);
            if (!started.IsSuccess)
            {
                return started.Error!;
            }

            conversation = started.Value;
        }

        var messageId = await store.InsertMessageAsync(conversation, AuthorKinds.Staff, sender.Id, sender.Label, message.Body, now, message.Kind, cancellationToken);
        await attachments.AttachToMessageAsync(clinicId, messageId, message.AttachmentIds, cancellationToken);
        var isNew = message.Conversation is null;
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.MessageSent, clinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                new { messageId, patientId = conversation.PatientId, by = "staff", kind = message.Kind, newConversation = isNew, length = message.Body.Length, attachmentIds = message.AttachmentIds }),
            cancellationToken);
        await events.PublishAsync(new StaffMessageSent(clinicId, conversation.PatientId, conversation.Id, messageId, isNew), cancellationToken);
        return new SentStaffMessage(conversation, messageId, isNew);
    }

    private async Task<Result<ConversationRow>> StartAsync(
        Guid clinicId, OutgoingStaffMessage message, Guid staffId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = message.Subject?.Trim();
        if (string.IsNullOrEmpty(subject))
        {
            return MessagingErrors.SubjectRequired;
        }

        var clinicSettings = await settings.GetAsync(clinicId, cancellationToken);
        if (AllowRepliesRule.Refusal(message.AllowReplies, clinicSettings?.PatientRepliesEnabled ?? false) is { } refusal)
        {
            return refusal;
        }

        if (message.PatientId is not { } patientId || await patients.GetContactDetailsAsync(clinicId, patientId, cancellationToken) is null)
        {
            return MessagingErrors.UnknownPatient;
        }

        if (await attachments.RefusalAsync(clinicId, patientId, message.AttachmentIds, cancellationToken) is { } refused)
        {
            return refused;
        }

        var conversation = new ConversationRow(
            Guid.CreateVersion7(now), clinicId, patientId, subject, message.AllowReplies, ConversationStatus.Open, null, staffId, now, now, 0, 0);
        await db.ExecuteAsync(
            """
            insert into messaging.conversations
                (id, clinic_id, patient_id, subject, replies_allowed, status, created_by, created_at, last_message_at)
            values (@Id, @ClinicId, @PatientId, @Subject, @RepliesAllowed, @Status, @CreatedBy, @CreatedAt, @LastMessageAt)
            """,
            conversation,
            cancellationToken);
        return conversation;
    }
}
