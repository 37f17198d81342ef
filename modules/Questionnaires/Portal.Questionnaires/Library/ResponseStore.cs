using Portal.Questionnaires.Features.MyQuestionnaires;
using Portal.Shared.Database;

namespace Portal.Questionnaires.Library;

/// <summary>A patient's answers to one questionnaire: a draft (in-progress) or submitted (completed, never changed again).</summary>
internal sealed record StoredResponse(
    Guid Id, Guid PatientId, Guid? AppointmentId, Guid? SentId, Guid QuestionnaireId, Guid VersionId, string Language, string Status, string Resource,
    decimal? TotalScore, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, Guid? DocumentId)
{
    public bool Submitted => Status == "completed";
}

internal sealed class ResponseStore(IDbSession db)
{
    private const string Columns =
        "id, patient_id, appointment_id, sent_id, questionnaire_id, version_id, language, status, resource, total_score, updated_at, submitted_at, document_id";

    public async Task<IReadOnlyList<StoredResponse>> ForAppointmentAsync(Guid clinicId, Guid patientId, Guid appointmentId, CancellationToken cancellationToken) =>
        await db.QueryAsync<StoredResponse>(
            $"select {Columns} from questionnaires.responses where clinic_id = @clinicId and patient_id = @patientId and appointment_id = @appointmentId",
            new { clinicId, patientId, appointmentId }, cancellationToken);

    /// <summary>The patient's response to a task: by its appointment and questionnaire, or by the questionnaire sent.</summary>
    public async Task<StoredResponse?> ForTaskAsync(Guid clinicId, Guid patientId, MyTask task, bool forUpdate, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<StoredResponse>(
            $"""
            select {Columns} from questionnaires.responses
            where clinic_id = @clinicId and patient_id = @patientId
              and {(task.SentId is null ? "appointment_id = @AppointmentId and questionnaire_id = @QuestionnaireId" : "sent_id = @SentId")}
            {(forUpdate ? "for update" : "")}
            """,
            new { clinicId, patientId, task.AppointmentId, task.QuestionnaireId, task.SentId }, cancellationToken);

    public async Task<StoredResponse?> FindAsync(Guid clinicId, Guid id, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<StoredResponse>(
            $"select {Columns} from questionnaires.responses where clinic_id = @clinicId and id = @id", new { clinicId, id }, cancellationToken);

    public async Task<IReadOnlyList<StoredResponse>> SubmittedOfPatientAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken) =>
        await db.QueryAsync<StoredResponse>(
            $"""
            select {Columns} from questionnaires.responses
            where clinic_id = @clinicId and patient_id = @patientId and status = 'completed'
            order by submitted_at desc, id desc limit 200
            """,
            new { clinicId, patientId }, cancellationToken);

    /// <summary>Writes the draft, or the submission when <paramref name="documentId"/> is given; a submitted row refuses both (its trigger).</summary>
    public async Task<Guid> SaveAsync(
        Guid clinicId, Guid patientId, MyTask task, Guid versionId, string language, string resource, decimal? totalScore,
        Guid? documentId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.QuerySingleAsync<Guid>(
            $"""
            insert into questionnaires.responses (id, clinic_id, patient_id, appointment_id, sent_id, questionnaire_id, version_id, language, status, resource,
                                                  total_score, created_at, updated_at, submitted_at, document_id)
            values (@id, @clinicId, @patientId, @AppointmentId, @SentId, @QuestionnaireId, @versionId, @language, @status, @resource,
                    @totalScore, @now, @now, @submittedAt, @documentId)
            on conflict {(task.SentId is null
                ? "(clinic_id, patient_id, appointment_id, questionnaire_id) where appointment_id is not null"
                : "(clinic_id, patient_id, sent_id) where sent_id is not null")} do update
            set version_id = excluded.version_id, language = excluded.language, status = excluded.status, resource = excluded.resource,
                total_score = excluded.total_score, updated_at = excluded.updated_at, submitted_at = excluded.submitted_at, document_id = excluded.document_id
            returning id
            """,
            new
            {
                id, clinicId, patientId, task.AppointmentId, task.SentId, task.QuestionnaireId, versionId, language, resource, totalScore, now, documentId,
                status = documentId is null ? "in-progress" : "completed",
                submittedAt = documentId is null ? (DateTimeOffset?)null : now,
            },
            cancellationToken);
}
