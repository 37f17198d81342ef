namespace Portal.Questionnaires.Library;

/// <summary>Audit actions of the Questionnaires module (checklist A5). Details never carry answers.</summary>
internal static class QuestionnairesAudit
{
    public const string QuestionnaireTarget = "questionnaire";
    public const string ResponseTarget = "questionnaire_response";
    public const string AppointmentTarget = "appointment";
    public const string AppointmentTypeTarget = "appointment_type";

    public const string Imported = "questionnaires.questionnaire.imported";
    public const string Sent = "questionnaires.questionnaire.sent";
    public const string PreVisitTasksSet = "questionnaires.pre_visit_tasks.set";
    public const string TasksListed = "questionnaires.tasks.listed";
    public const string FormOpened = "questionnaires.form.opened";
    public const string DraftSaved = "questionnaires.response.draft_saved";
    public const string Submitted = "questionnaires.response.submitted";
    public const string ResponsesListed = "questionnaires.responses.listed";
    public const string ResponseViewed = "questionnaires.response.viewed";
}
