using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Portal.Messaging.Contracts;
using Portal.Questionnaires.Library;
using Portal.Registration.Contracts;
using Portal.Shared;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Questionnaires.Features.SendQuestionnaire;

internal sealed record SendQuestionnaireBody(Guid QuestionnaireId);

/// <summary>A questionnaire sent to a patient on its own: the patient's task, and the conversation whose message links to it.</summary>
/// <param name="Title">In the patient's language.</param>
internal sealed record SentQuestionnaire(Guid Id, Guid PatientId, Guid QuestionnaireId, string Title, DateTimeOffset SentAt, Guid ConversationId);

internal sealed record SendQuestionnaireCommand(Guid PatientId, Guid QuestionnaireId) : ICommand<SentQuestionnaire>;

internal sealed class SendQuestionnaireValidator : AbstractValidator<SendQuestionnaireCommand>
{
    public SendQuestionnaireValidator() => RuleFor(x => x.QuestionnaireId).NotEmpty();
}

/// <summary>
/// Sends a questionnaire from the library to a patient, not tied to an appointment: a task the patient opens from a secure
/// message (through Messaging's contract, in this transaction), whose link leads to the form at /{clinic}/questionnaires/{id}.
/// </summary>
internal sealed class SendQuestionnaireHandler(
    ClinicContext clinic, IPatientDirectory patients, LibraryStore library, StarterQuestionnaires starters, SentStore sent, IPatientMessages messages,
    IActorContext actor, IAuditLog audit, IOptions<PortalOptions> options, TimeProvider clock)
    : IRequestHandler<SendQuestionnaireCommand, Result<SentQuestionnaire>>
{
    public async Task<Result<SentQuestionnaire>> Handle(SendQuestionnaireCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var patient = await patients.GetContactDetailsAsync(clinicId, request.PatientId, cancellationToken);
        if (patient is null)
        {
            return QuestionnairesErrors.PatientNotFound;
        }

        await starters.EnsureAsync(clinicId, cancellationToken);
        var language = patient.Language == "fr" ? "fr" : "en";
        var text = await library.TextAsync(clinicId, request.QuestionnaireId, null, language, cancellationToken);
        if (text is null)
        {
            return QuestionnairesErrors.QuestionnaireNotFound;
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await sent.InsertAsync(id, clinicId, request.PatientId, request.QuestionnaireId, now, actor.Actor.Id, cancellationToken);
        var link = $"{options.Value.PublicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinic.Clinic.Slug)}/questionnaires/{id}";
        var message = language == "fr"
            ? new PatientMessage(
                request.PatientId,
                $"Questionnaire à remplir : {text.Title}",
                $"{clinic.Clinic.Name} vous demande de remplir le questionnaire « {text.Title} ».\n\nOuvrez-le ici : {link}\n\n" +
                "Vos réponses sont enregistrées au fur et à mesure ; une fois envoyées, elles vont dans votre dossier.")
            : new PatientMessage(
                request.PatientId,
                $"Questionnaire to fill in: {text.Title}",
                $"{clinic.Clinic.Name} asks you to fill in the questionnaire \"{text.Title}\".\n\nOpen it here: {link}\n\n" +
                "Your answers are saved as you go; once you submit them, they go into your record.");
        var conversation = await messages.SendAsync(clinicId, message, cancellationToken);
        if (!conversation.IsSuccess)
        {
            return conversation.Error!;
        }

        await sent.SetConversationAsync(clinicId, id, conversation.Value, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.Sent, clinicId, QuestionnairesAudit.QuestionnaireTarget, request.QuestionnaireId.ToString(),
                new { patientId = request.PatientId, sentId = id, conversationId = conversation.Value }),
            cancellationToken);
        return new SentQuestionnaire(id, request.PatientId, request.QuestionnaireId, text.Title, now, conversation.Value);
    }
}

internal sealed class SendQuestionnaireEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffQuestionnaires()
            .MapPost("/patients/{patientId:guid}/sent", async Task<Results<Created<SentQuestionnaire>, ErrorHttpResult>> (
                    Guid patientId, SendQuestionnaireBody body, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(new SendQuestionnaireCommand(patientId, body.QuestionnaireId), cancellationToken))
                .ToHttp(sentOne => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/portal/questionnaires/sent/{sentOne.Id}", sentOne)))
            .WithName("SendQuestionnaire")
            .ValidatedAs<SendQuestionnaireCommand>()
            .WithSummary("Sends a questionnaire of the library to a patient on its own: a secure message (a new conversation) links to the form, which the patient fills in and submits into their chart.")
            .WithDescription(
                "Any staff member of the clinic. The questionnaire's newest version, in the patient's language. 404 patient_not_found or questionnaire_not_found. " +
                "The email or SMS announcing the message says only that a message is waiting (M2).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
