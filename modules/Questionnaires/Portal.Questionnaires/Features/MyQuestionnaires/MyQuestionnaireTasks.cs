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
/// <param name="AppointmentId">The appointment it is a pre-visit task of; null for a questionnaire sent on its own.</param>
/// <param name="SentId">The questionnaire sent on its own (in a message) this answers; null for a pre-visit task.</param>
/// <param name="DueAt">When a pre-visit task is due; null for a questionnaire sent on its own.</param>
/// <param name="Status">to_do, draft or submitted; a submitted form is shown read-only and refuses changes.</param>
/// <param name="Questionnaire">The FHIR R4 Questionnaire.</param>
/// <param name="Response">
/// The FHIR R4 QuestionnaireResponse saved so far. Before the first save, the answers Portal fills in from the chart (items whose SDC
/// initialExpression asks for the legal given or family name or the date of birth), not yet saved; null when there are none.
/// </param>
internal sealed record MyQuestionnaireForm(
    Guid? AppointmentId, Guid? SentId, Guid QuestionnaireId, Guid VersionId, string Language, string Title, DateTimeOffset? DueAt, string Status,
    DateTimeOffset? SubmittedAt, decimal? TotalScore, JsonElement Questionnaire, JsonElement? Response);

/// <summary>Which of the patient's tasks: a questionnaire an appointment asks for, or a questionnaire staff sent on its own.</summary>
internal sealed record TaskRef(Guid? AppointmentId, Guid? QuestionnaireId, Guid? SentId)
{
    public static TaskRef PreVisit(Guid appointmentId, Guid questionnaireId) => new(appointmentId, questionnaireId, null);

    public static TaskRef Sent(Guid sentId) => new(null, null, sentId);
}

/// <summary>The signed-in patient's task, found as theirs (A1): a pre-visit questionnaire of their own appointment, or one sent to them.</summary>
internal sealed record MyTask(Guid QuestionnaireId, Guid? AppointmentId, Guid? SentId, DateTimeOffset? DueAt)
{
    public static DateTimeOffset DueBefore(AppointmentFact appointment, PreVisitTask task) => appointment.StartsAt.AddMinutes(-task.DueMinutesBefore);
}

/// <summary>A task with what the patient has saved for it and the questionnaire's text (the version answered, else the newest).</summary>
internal sealed record MyLoadedTask(MyTask Task, StoredResponse? Response, StoredText Text);

internal sealed class MyTaskFinder(IAppointmentFacts appointments, PreVisitTaskStore tasks, SentStore sent, ResponseStore responses, LibraryStore library)
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

    public async Task<Result<MyTask>> TaskAsync(Guid clinicId, Guid patientId, TaskRef task, CancellationToken cancellationToken)
    {
        if (task.SentId is { } sentId)
        {
            // A questionnaire sent to another patient is as unknown as one never sent (A1).
            var row = await sent.FindForPatientAsync(clinicId, patientId, sentId, cancellationToken);
            return row is null ? QuestionnairesErrors.QuestionnaireNotFound : new MyTask(row.QuestionnaireId, null, row.Id, null);
        }

        var found = await AppointmentAsync(clinicId, patientId, task.AppointmentId!.Value, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var asked = found.Value.Tasks.FirstOrDefault(t => t.QuestionnaireId == task.QuestionnaireId);
        return asked is null
            ? QuestionnairesErrors.QuestionnaireNotFound
            : new MyTask(asked.QuestionnaireId, found.Value.Appointment.Id, null, MyTask.DueBefore(found.Value.Appointment, asked));
    }

    /// <summary>
    /// The task, the patient's response to it (locked with <paramref name="forUpdate"/>) and the questionnaire's text in
    /// <paramref name="language"/>: what opening, saving and submitting the form all start from.
    /// </summary>
    public async Task<Result<MyLoadedTask>> LoadAsync(
        Guid clinicId, Guid patientId, TaskRef task, string language, bool forUpdate, CancellationToken cancellationToken)
    {
        var found = await TaskAsync(clinicId, patientId, task, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var response = await responses.ForTaskAsync(clinicId, patientId, found.Value, forUpdate, cancellationToken);
        var text = await library.TextAsync(clinicId, found.Value.QuestionnaireId, response?.VersionId, language, cancellationToken);
        return text is null ? QuestionnairesErrors.QuestionnaireNotFound : new MyLoadedTask(found.Value, response, text);
    }

    public static string StatusOf(StoredResponse? response) => response switch
    {
        null => "to_do",
        { Submitted: true } => "submitted",
        _ => "draft",
    };
}
