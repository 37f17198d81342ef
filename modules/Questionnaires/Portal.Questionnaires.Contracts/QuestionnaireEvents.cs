using Portal.Shared.Events;

namespace Portal.Questionnaires.Contracts;

/// <summary>
/// A patient submitted a questionnaire; its FHIR QuestionnaireResponse is in the chart as document <paramref name="DocumentId"/>.
/// Published inside the submitting transaction.
/// </summary>
/// <param name="AppointmentId">The appointment it was a pre-visit task of; null when it was sent on its own.</param>
public sealed record QuestionnaireSubmitted(
    Guid ClinicId, Guid PatientId, Guid ResponseId, Guid QuestionnaireId, Guid? AppointmentId, Guid DocumentId) : IIntegrationEvent;
