using System.Text.Json;
using Portal.Registration.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Results;

namespace Portal.Messaging.Conversations;

/// <summary>A chart document attached to a message, as both sides list it (never its bytes).</summary>
/// <param name="Type">lab_requisition, lab_result, form, encounter_note, invoice, educational_video, questionnaire_data, photo or other.</param>
/// <param name="Length">In bytes.</param>
internal sealed record MessageAttachmentView(Guid DocumentId, string Title, string Type, string ContentType, long Length)
{
    public static MessageAttachmentView From(PatientDocument document) =>
        new(document.Id, document.Title, JsonNamingPolicy.SnakeCaseLower.ConvertName(document.Type.ToString()), document.ContentType, document.Length);
}

internal sealed record AttachmentRow(Guid OwnerId, Guid DocumentId, int Position);

/// <summary>
/// Attachments of messages and drafts. Only documents of the conversation's patient in the chart
/// (checked through Registration's <see cref="IPatientDocuments"/>) may be attached.
/// </summary>
internal sealed class MessageAttachments(IDbSession db, IPatientDocuments documents)
{
    public const int MaxPerMessage = MessageLimits.AttachmentsMax;

    /// <summary>Null when every id is one of the patient's documents; else the refusal, and nothing should be stored.</summary>
    public async Task<Error?> RefusalAsync(Guid clinicId, Guid patientId, IReadOnlyList<Guid> documentIds, CancellationToken cancellationToken)
    {
        if (documentIds.Count == 0)
        {
            return null;
        }

        if (documentIds.Count > MaxPerMessage || documentIds.Distinct().Count() != documentIds.Count)
        {
            return MessagingErrors.TooManyAttachments;
        }

        var found = await documents.FindAsync(clinicId, patientId, documentIds, cancellationToken);
        return found.Count == documentIds.Count ? null : MessagingErrors.UnknownDocument;
    }

    public async Task AttachToMessageAsync(Guid clinicId, Guid messageId, IReadOnlyList<Guid> documentIds, CancellationToken cancellationToken)
    {
        if (documentIds.Count == 0)
        {
            return;
        }

        await db.ExecuteAsync(
            """
            insert into messaging.message_attachments (clinic_id, message_id, document_id, position)
            select @clinicId, @messageId, d.id, d.position - 1
            from unnest(@documentIds) with ordinality as d (id, position)
            """,
            new { clinicId, messageId, documentIds = documentIds.ToArray() },
            cancellationToken);
    }

    public async Task ReplaceOnDraftAsync(Guid draftId, IReadOnlyList<Guid> documentIds, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync("delete from messaging.draft_attachments where draft_id = @draftId", new { draftId }, cancellationToken);
        if (documentIds.Count == 0)
        {
            return;
        }

        await db.ExecuteAsync(
            """
            insert into messaging.draft_attachments (draft_id, document_id, position)
            select @draftId, d.id, d.position - 1
            from unnest(@documentIds) with ordinality as d (id, position)
            """,
            new { draftId, documentIds = documentIds.ToArray() },
            cancellationToken);
    }

    /// <summary>The attachments of these messages of one patient's conversation (<see cref="MessageRow.DocumentIds"/>), as views.</summary>
    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<MessageAttachmentView>>> OfMessagesAsync(
        Guid clinicId, Guid patientId, IReadOnlyList<MessageRow> messages, CancellationToken cancellationToken) =>
        ViewsAsync(
            clinicId,
            patientId,
            messages.SelectMany(m => m.DocumentIds.Select((documentId, position) => new AttachmentRow(m.Id, documentId, position))).ToList(),
            cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<MessageAttachmentView>>> OfDraftsAsync(
        Guid clinicId, IReadOnlyCollection<(Guid DraftId, Guid PatientId)> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<MessageAttachmentView>>();
        }

        var rows = await db.QueryAsync<AttachmentRow>(
            """
            select a.draft_id as owner_id, a.document_id, a.position::int as position
            from messaging.draft_attachments a
            where a.draft_id = any(@ids)
            order by a.draft_id, a.position
            """,
            new { ids = drafts.Select(d => d.DraftId).ToArray() },
            cancellationToken);
        var views = new Dictionary<Guid, IReadOnlyList<MessageAttachmentView>>();
        foreach (var (patientId, ofPatient) in drafts.GroupBy(d => d.PatientId).Select(g => (g.Key, g.Select(d => d.DraftId).ToHashSet())))
        {
            foreach (var (draftId, list) in await ViewsAsync(clinicId, patientId, rows.Where(r => ofPatient.Contains(r.OwnerId)).ToList(), cancellationToken))
            {
                views[draftId] = list;
            }
        }

        return views;
    }

    public async Task<IReadOnlyList<Guid>> DocumentIdsOfDraftAsync(Guid draftId, CancellationToken cancellationToken) =>
        await db.QueryAsync<Guid>(
            "select document_id from messaging.draft_attachments where draft_id = @draftId order by position",
            new { draftId },
            cancellationToken);

    /// <summary>Whether the document was attached to a message in this conversation (the clinic's, or the patient's photos), which is what lets its patient open it.</summary>
    public Task<bool> ShownInConversationAsync(Guid clinicId, Guid conversationId, Guid documentId, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<bool>(
            """
            select exists (
                select 1 from messaging.message_attachments a
                join messaging.messages m on m.id = a.message_id
                where a.clinic_id = @clinicId and a.document_id = @documentId
                  and m.clinic_id = @clinicId and m.conversation_id = @conversationId)
            """,
            new { clinicId, conversationId, documentId },
            cancellationToken);

    private async Task<IReadOnlyDictionary<Guid, IReadOnlyList<MessageAttachmentView>>> ViewsAsync(
        Guid clinicId, Guid patientId, List<AttachmentRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<MessageAttachmentView>>();
        }

        var found = (await documents.FindAsync(clinicId, patientId, rows.Select(r => r.DocumentId).Distinct().ToList(), cancellationToken))
            .ToDictionary(d => d.Id);
        return rows.GroupBy(r => r.OwnerId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<MessageAttachmentView>)g.OrderBy(r => r.Position)
                    .Where(r => found.ContainsKey(r.DocumentId))
                    .Select(r => MessageAttachmentView.From(found[r.DocumentId]))
                    .ToList());
    }

    public static IReadOnlyList<MessageAttachmentView> Of(IReadOnlyDictionary<Guid, IReadOnlyList<MessageAttachmentView>> attachments, Guid ownerId) =>
        attachments.TryGetValue(ownerId, out var list) ? list : [];
}
