using Portal.Shared.Results;

namespace Portal.Questionnaires.Library;

internal static class QuestionnairesErrors
{
    public static readonly Error QuestionnaireNotFound = Error.NotFound("questionnaire_not_found", "There is no such questionnaire.");

    public static readonly Error ResponseNotFound = Error.NotFound("response_not_found", "There is no such questionnaire response.");

    public static readonly Error AppointmentNotFound = Error.NotFound("appointment_not_found", "There is no such appointment.");

    public static readonly Error PatientNotFound = Error.NotFound("patient_not_found", "There is no such patient.");

    public static readonly Error AppointmentTypeNotFound = Error.NotFound("appointment_type_not_found", "There is no such appointment type.");

    public static readonly Error UnknownQuestionnaire = Error.Field("tasks", "questionnaire_not_found", "Choose questionnaires from the clinic's library.");

    public static readonly Error VersionExists = Error.Conflict(
        "version_exists", "This version of the questionnaire is already in the library in that language. Give the changed questionnaire a new version.");

    public static readonly Error LanguagesDiffer = Error.Field(
        "item", "languages_differ", "The other language of this version asks different questions: both languages need the same items, in the same order.");

    public static readonly Error AlreadySubmitted = Error.Conflict("already_submitted", "This questionnaire was submitted; it can no longer be changed.");

    public static readonly Error NotAResource = Error.Field("resourceType", "fhir_invalid", "Send one FHIR resource as a JSON object.");

    public static Error FhirInvalid(string resourceType, IReadOnlyList<string> problems) =>
        Error.Validation("fhir_invalid", $"This is not a valid FHIR {resourceType}.", new Dictionary<string, string[]> { ["resource"] = [.. problems] }) with
        {
            FieldCodes = new Dictionary<string, string[]> { ["resource"] = ["fhir_invalid"] },
        };
}
