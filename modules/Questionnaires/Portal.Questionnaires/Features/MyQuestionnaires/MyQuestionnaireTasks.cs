using System.Text.Json;
using Portal.Appointments.Contracts;
using Portal.Questionnaires.Features.PreVisitTasks;
using Portal.Questionnaires.Library;
using Portal.Shared.Results;

namespace Portal.Questionnaires.Features.MyQuestionnaires;

/// <param name="Status">to_do, draft (answers saved, not submitted) or submitted (read-only).</param>
internal sealed record MyPreVisitTask(Guid QuestionnaireId, string Title, DateTimeOffset DueAt, string Status, DateTimeOffset? SubmittedAt);

internal sealed record MyPreVisitTaskList(Guid AppointmentId, IReadOnlyList<MyPreVisitTask> Items);

/// <summary>The form the patient fills in: the questionnaire in their language, and their answers so far.</summary>
/// <param name="Status">to_do, draft or submitted; a submitted form is shown read-only and refuses changes.</param>
/// <param name="Questionnaire">The FHIR R4 Questionnaire.</param>
/// <param name="Response">The FHIR R4 QuestionnaireResponse saved so far; null before the first save.</param>
internal sealed record MyQuestionnaireForm(
    Guid AppointmentId, Guid QuestionnaireId, Guid VersionId, string Language, string Title, DateTimeOffset DueAt, string Status,
    DateTimeOffset? SubmittedAt, decimal? TotalScore, JsonElement Questionnaire, JsonElement? Response);

/// <summary>The signed-in patient's pre-visit task: only on their own appointment, only a questionnaire its type asks for (A1).</summary>
internal sealed record MyTask(AppointmentFact Appointment, PreVisitTask Task)
{
    public DateTimeOffset DueAt => Appointment.StartsAt.AddMinutes(-Task.DueMinutesBefore);
}

/// <summary>A pre-visit task with what the patient has saved for it and the questionnaire's text (the version answered, else the newest).</summary>
internal sealed record MyLoadedTask(MyTask Task, StoredResponse? Response, StoredText Text);

internal sealed class MyTaskFinder(IAppointmentFacts appointments, PreVisitTaskStore tasks, ResponseStore responses, LibraryStore library)
{
    public async Task<Result<(AppointmentFact Appointment, IReadOnlyList<PreVisitTask> Tasks)>> AppointmentAsync(
        Guid clinicId, Guid patientId, Guid appointmentId, CancellationToken cancellationToken)
    {
        // One appointment by its id (a single-row statement, ADR 25); another patient's is as unknown as a missing one (A1).
        var appointment = await appointments.FindAsync(clinicId, appointmentId, cancellationToken);
        if (appointment is null || appointment.PatientId != patientId)
        {
            return QuestionnairesErrors.AppointmentNotFound;
        }

        var list = (await tasks.ListAsync(clinicId, appointment.TypeId, cancellationToken)).SingleOrDefault()?.Tasks ?? [];
        return (appointment, list);
    }

    public async Task<Result<MyTask>> TaskAsync(Guid clinicId, Guid patientId, Guid appointmentId, Guid questionnaireId, CancellationToken cancellationToken)
    {
        var found = await AppointmentAsync(clinicId, patientId, appointmentId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var task = found.Value.Tasks.FirstOrDefault(t => t.QuestionnaireId == questionnaireId);
        return task is null ? QuestionnairesErrors.QuestionnaireNotFound : new MyTask(found.Value.Appointment, task);
    }

    /// <summary>
    /// The task, the patient's response to it (locked with <paramref name="forUpdate"/>) and the questionnaire's text in
    /// <paramref name="language"/>: what opening, saving and submitting the form all start from.
    /// </summary>
    public async Task<Result<MyLoadedTask>> LoadAsync(
        Guid clinicId, Guid patientId, Guid appointmentId, Guid questionnaireId, string language, bool forUpdate, CancellationToken cancellationToken)
    {
        var found = await TaskAsync(clinicId, patientId, appointmentId, questionnaireId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var response = await responses.ForTaskAsync(clinicId, patientId, appointmentId, questionnaireId, forUpdate, cancellationToken);
        var text = await library.TextAsync(clinicId, questionnaireId, response?.VersionId, language, cancellationToken);
        return text is null ? QuestionnairesErrors.QuestionnaireNotFound : new MyLoadedTask(found.Value, response, text);
    }

    public static string StatusOf(StoredResponse? response) => response switch
    {
        null => "to_do",
        { Submitted: true } => "submitted",
        _ => "draft",
    };
}
