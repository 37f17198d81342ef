using Portal.Shared.Database;

namespace Portal.Questionnaires.Library;

/// <summary>A questionnaire staff sent a patient on its own, and the conversation whose message links to it.</summary>
internal sealed record SentRow(Guid Id, Guid PatientId, Guid QuestionnaireId, DateTimeOffset SentAt, Guid? ConversationId);

internal sealed class SentStore(IDbSession db)
{
    private const string Columns = "id, patient_id, questionnaire_id, sent_at, conversation_id";

    public async Task InsertAsync(Guid id, Guid clinicId, Guid patientId, Guid questionnaireId, DateTimeOffset now, Guid? sentBy, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            insert into questionnaires.sent (id, clinic_id, patient_id, questionnaire_id, sent_at, sent_by)
            values (@id, @clinicId, @patientId, @questionnaireId, @now, @sentBy)
            """,
            new { id, clinicId, patientId, questionnaireId, now, sentBy }, cancellationToken);

    public async Task SetConversationAsync(Guid clinicId, Guid id, Guid conversationId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "update questionnaires.sent set conversation_id = @conversationId where clinic_id = @clinicId and id = @id",
            new { clinicId, id, conversationId }, cancellationToken);

    /// <summary>One sent questionnaire, only when it was sent to this patient (A1): a single-row statement.</summary>
    public async Task<SentRow?> FindForPatientAsync(Guid clinicId, Guid patientId, Guid id, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<SentRow>(
            $"select {Columns} from questionnaires.sent where clinic_id = @clinicId and id = @id and patient_id = @patientId",
            new { clinicId, id, patientId }, cancellationToken);
}
