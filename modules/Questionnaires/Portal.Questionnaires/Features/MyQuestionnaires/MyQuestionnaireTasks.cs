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

internal sealed class MyTaskFinder(IAppointmentFacts appointments, PreVisitTaskStore tasks)
{
    public async Task<Result<(AppointmentFact Appointment, IReadOnlyList<PreVisitTask> Tasks)>> AppointmentAsync(
        Guid clinicId, Guid patientId, Guid appointmentId, CancellationToken cancellationToken)
    {
        var appointment = (await appointments.FindForPatientAsync(clinicId, patientId, [appointmentId], cancellationToken)).SingleOrDefault();
        if (appointment is null)
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

    public static string StatusOf(StoredResponse? response) => response switch
    {
        null => "to_do",
        { Submitted: true } => "submitted",
        _ => "draft",
    };
}
