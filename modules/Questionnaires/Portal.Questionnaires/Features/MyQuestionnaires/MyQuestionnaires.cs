using System.Text;
using System.Text.Json;
using Carter;
using FluentValidation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using AuditEvent = Portal.Shared.Auditing.AuditEvent;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Portal.Questionnaires.Contracts;
using Portal.Questionnaires.Fhir;
using Portal.Questionnaires.Library;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Questionnaires.Features.MyQuestionnaires;

internal sealed record ListMyPreVisitTasksQuery(Guid PatientId, Guid AppointmentId, string Language) : IQuery<MyPreVisitTaskList>;

internal sealed record OpenMyQuestionnaireQuery(Guid PatientId, TaskRef Task, string Language) : IQuery<MyQuestionnaireForm>;

/// <param name="Json">The FHIR QuestionnaireResponse as sent.</param>
/// <param name="Submit">false saves a draft; true checks it is complete and submits it.</param>
internal sealed record SaveMyResponseCommand(Guid PatientId, TaskRef Task, string Language, string Json, bool Submit)
    : ICommand<MyQuestionnaireForm>;

internal sealed class ListMyPreVisitTasksValidator : AbstractValidator<ListMyPreVisitTasksQuery>
{
    public ListMyPreVisitTasksValidator() => RuleFor(x => x.Language).IsOneOf(["en", "fr"]);
}

internal sealed class OpenMyQuestionnaireValidator : AbstractValidator<OpenMyQuestionnaireQuery>
{
    public OpenMyQuestionnaireValidator() => RuleFor(x => x.Language).IsOneOf(["en", "fr"]);
}

internal sealed class SaveMyResponseValidator : AbstractValidator<SaveMyResponseCommand>
{
    public SaveMyResponseValidator() => RuleFor(x => x.Language).IsOneOf(["en", "fr"]);
}

internal sealed class ListMyPreVisitTasksHandler(ClinicContext clinic, MyTaskFinder finder, LibraryStore library, ResponseStore responses, IAuditLog audit)
    : IRequestHandler<ListMyPreVisitTasksQuery, Result<MyPreVisitTaskList>>
{
    public async Task<Result<MyPreVisitTaskList>> Handle(ListMyPreVisitTasksQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var found = await finder.AppointmentAsync(clinicId, request.PatientId, request.AppointmentId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (appointment, tasks) = found.Value;
        var saved = (await responses.ForAppointmentAsync(clinicId, request.PatientId, appointment.Id, cancellationToken)).ToDictionary(r => r.QuestionnaireId);
        var items = new List<MyPreVisitTask>();
        foreach (var task in tasks)
        {
            var response = saved.GetValueOrDefault(task.QuestionnaireId);
            var text = await library.TextAsync(clinicId, task.QuestionnaireId, response?.VersionId, request.Language, cancellationToken);
            if (text is not null)
            {
                items.Add(new MyPreVisitTask(
                    task.QuestionnaireId, text.Title, MyTask.DueBefore(appointment, task), MyTaskFinder.StatusOf(response), response?.SubmittedAt));
            }
        }

        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.TasksListed, clinicId, QuestionnairesAudit.AppointmentTarget, appointment.Id.ToString(),
                new { by = "patient", results = items.Count }),
            cancellationToken);
        return new MyPreVisitTaskList(appointment.Id, items);
    }
}

/// <summary>The form with the answers saved so far; before any, with what the chart can fill in (<see cref="ChartPrefill"/>).</summary>
internal sealed class OpenMyQuestionnaireHandler(ClinicContext clinic, MyTaskFinder finder, IPatientDirectory patients, IAuditLog audit)
    : IRequestHandler<OpenMyQuestionnaireQuery, Result<MyQuestionnaireForm>>
{
    public async Task<Result<MyQuestionnaireForm>> Handle(OpenMyQuestionnaireQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var loaded = await finder.LoadAsync(clinicId, request.PatientId, request.Task, request.Language, forUpdate: false, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error!;
        }

        var (task, response, text) = loaded.Value;
        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.FormOpened, clinicId, QuestionnairesAudit.QuestionnaireTarget, task.QuestionnaireId.ToString(),
                new { by = "patient", appointmentId = task.AppointmentId, sentId = task.SentId, responseId = response?.Id }),
            cancellationToken);
        if (response is null
            && await patients.GetIdentityAsync(clinicId, request.PatientId, cancellationToken) is { } patient
            && ChartPrefill.Fill(text.Parse(), patient) is { } prefilled)
        {
            return MyForms.Of(task, text, null) with { Response = JsonDocument.Parse(FhirJson.Write(prefilled)).RootElement };
        }

        return MyForms.Of(task, text, response);
    }
}

/// <summary>
/// Saves the patient's answers as a draft, or submits them: the server checks the QuestionnaireResponse against its Questionnaire
/// (<see cref="ResponseChecks"/>), and a submission goes into the chart as a questionnaire data document. A submitted one never changes.
/// </summary>
internal sealed class SaveMyResponseHandler(
    ClinicContext clinic, MyTaskFinder finder, ResponseStore responses, IPatientDocuments documents, IAuditLog audit, IIntegrationEvents events,
    TimeProvider clock)
    : IRequestHandler<SaveMyResponseCommand, Result<MyQuestionnaireForm>>
{
    public async Task<Result<MyQuestionnaireForm>> Handle(SaveMyResponseCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var loaded = await finder.LoadAsync(clinicId, request.PatientId, request.Task, request.Language, forUpdate: true, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error!;
        }

        var (task, existing, text) = loaded.Value;
        if (existing is { Submitted: true })
        {
            return QuestionnairesErrors.AlreadySubmitted;
        }

        var (response, problems) = FhirJson.Parse<QuestionnaireResponse>(request.Json);
        if (response is null)
        {
            return QuestionnairesErrors.FhirInvalid("QuestionnaireResponse", problems);
        }

        var questionnaire = text.Parse();
        var (itemProblems, total) = ResponseChecks.Check(questionnaire, response, request.Submit);
        if (itemProblems.Any)
        {
            return itemProblems.ToError("response_invalid", "Some answers need attention: see each question.");
        }

        var now = clock.GetUtcNow();
        response.Id = null;
        response.Questionnaire = $"{questionnaire.Url}|{questionnaire.Version}";
        response.Status = request.Submit ? QuestionnaireResponse.QuestionnaireResponseStatus.Completed : QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;
        response.Subject = new ResourceReference($"Patient/{request.PatientId}");
        response.Authored = now.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        response.Language = text.Language;
        var json = FhirJson.Write(response);

        Guid? documentId = null;
        var id = existing?.Id ?? Guid.CreateVersion7(now);
        if (request.Submit)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(json));
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(clinic.Clinic.TimeZone)).DateTime);
            var added = await documents.AddAsync(
                clinicId, request.PatientId, new NewPatientDocument(DocumentType.QuestionnaireData, Truncate(text.Title, 200), today, "Portal"), content, null,
                cancellationToken);
            if (!added.IsSuccess)
            {
                return added.Error!;
            }

            documentId = added.Value.Id;
        }

        id = await responses.SaveAsync(clinicId, request.PatientId, task, text.VersionId, text.Language, json, total, documentId, id, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(request.Submit ? QuestionnairesAudit.Submitted : QuestionnairesAudit.DraftSaved, clinicId, QuestionnairesAudit.ResponseTarget,
                id.ToString(), new { by = "patient", appointmentId = task.AppointmentId, sentId = task.SentId, questionnaireId = task.QuestionnaireId, documentId }),
            cancellationToken);
        if (documentId is { } document)
        {
            await events.PublishAsync(
                new QuestionnaireSubmitted(clinicId, request.PatientId, id, task.QuestionnaireId, task.AppointmentId, document), cancellationToken);
        }

        var saved = new StoredResponse(
            id, request.PatientId, task.AppointmentId, task.SentId, task.QuestionnaireId, text.VersionId, text.Language,
            request.Submit ? "completed" : "in-progress", json, total, now, request.Submit ? now : null, documentId);
        return MyForms.Of(task, text, saved);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

internal static class MyForms
{
    public static MyQuestionnaireForm Of(MyTask task, StoredText text, StoredResponse? response) =>
        new(task.AppointmentId, task.SentId, text.QuestionnaireId, text.VersionId, text.Language, text.Title, task.DueAt, MyTaskFinder.StatusOf(response),
            response?.SubmittedAt, response?.TotalScore, text.Json(), response is null ? null : JsonDocument.Parse(response.Resource).RootElement);
}

/// <summary>How a form's route names the patient's task.</summary>
internal interface IMyTaskRoute
{
    TaskRef Task { get; }
}

/// <summary>A pre-visit questionnaire of one of the patient's appointments.</summary>
internal readonly record struct PreVisitTaskRoute(
    [property: FromRoute(Name = "appointmentId")] Guid AppointmentId, [property: FromRoute(Name = "questionnaireId")] Guid QuestionnaireId) : IMyTaskRoute
{
    public TaskRef Task => TaskRef.PreVisit(AppointmentId, QuestionnaireId);
}

/// <summary>A questionnaire staff sent the patient on its own.</summary>
internal readonly record struct SentTaskRoute([property: FromRoute(Name = "sentId")] Guid SentId) : IMyTaskRoute
{
    public TaskRef Task => TaskRef.Sent(SentId);
}

internal sealed class MyQuestionnaireEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var portal = app.MapMyQuestionnaires();
        portal.MapGet("/appointments/{appointmentId:guid}", async Task<Results<Ok<MyPreVisitTaskList>, ErrorHttpResult>> (
                    Guid appointmentId, string? language, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListMyPreVisitTasksQuery(actor.Actor.Id!.Value, appointmentId, language ?? "en"), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListMyPreVisitTasks")
            .ValidatedAs<ListMyPreVisitTasksQuery>()
            .WithSummary("The questionnaires to fill in before one of the signed-in patient's appointments, each with its due time and whether it is done.")
            .WithDescription("The signed-in patient of the clinic. Another patient's appointment is 404 appointment_not_found.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        MapForm<PreVisitTaskRoute>(
            portal, "/appointments/{appointmentId:guid}/{questionnaireId:guid}", "",
            "A pre-visit questionnaire to fill in: the FHIR Questionnaire in the patient's language and the answers saved so far.",
            "Another patient's appointment, or a questionnaire the appointment does not ask for, is 404.");
        MapForm<SentTaskRoute>(
            portal, "/sent/{sentId:guid}", "Sent",
            "A questionnaire staff sent the patient on its own, in a message: the FHIR Questionnaire in the patient's language and the answers saved so far.",
            "A questionnaire sent to another patient is 404 questionnaire_not_found.");
    }

    /// <summary>Opening, saving and submitting one task's form, at <paramref name="pattern"/>, the task named by its route values.</summary>
    private static void MapForm<TRoute>(IEndpointRouteBuilder portal, string pattern, string nameSuffix, string openSummary, string openDescription)
        where TRoute : struct, IMyTaskRoute
    {
        portal.MapGet(pattern, async Task<Results<Ok<MyQuestionnaireForm>, ErrorHttpResult>> (
                    [AsParameters] TRoute route, string? language, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new OpenMyQuestionnaireQuery(actor.Actor.Id!.Value, route.Task, language ?? "en"), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("OpenMyQuestionnaire" + nameSuffix)
            .ValidatedAs<OpenMyQuestionnaireQuery>()
            .WithSummary(openSummary)
            .WithDescription(openDescription)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        portal.MapPut(pattern + "/draft", async Task<Results<Ok<MyQuestionnaireForm>, ErrorHttpResult>> (
                    [AsParameters] TRoute route, string? language, JsonElement body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                await SaveAsync(mediator, actor, route.Task, language, body, submit: false, cancellationToken))
            .WithName("SaveMyQuestionnaireDraft" + nameSuffix)
            .ValidatedAs<SaveMyResponseCommand>()
            .WithSummary("Saves the patient's answers so far (a FHIR QuestionnaireResponse) as a draft.")
            .WithDescription(
                "Answers are checked against the questionnaire (known items, answer types, options, repeats, maxLength): 400 response_invalid per link id. " +
                "409 already_submitted once submitted.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict);

        portal.MapPost(pattern + "/submission", async Task<Results<Ok<MyQuestionnaireForm>, ErrorHttpResult>> (
                    [AsParameters] TRoute route, string? language, JsonElement body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                await SaveAsync(mediator, actor, route.Task, language, body, submit: true, cancellationToken))
            .WithName("SubmitMyQuestionnaire" + nameSuffix)
            .ValidatedAs<SaveMyResponseCommand>()
            .WithSummary("Submits the patient's answers: checked against the questionnaire, stored in the chart as questionnaire data, and read-only from then on.")
            .WithDescription(
                "Besides the draft's checks, every shown required question needs an answer and no hidden one (enableWhen) may have one: 400 response_invalid " +
                "per link id. The total score is calculated by the server. 409 already_submitted when it was submitted before.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<MyQuestionnaireForm>, ErrorHttpResult>> SaveAsync(
        IMediator mediator, IActorContext actor, TaskRef task, string? language, JsonElement body, bool submit, CancellationToken cancellationToken) =>
        body.ValueKind != JsonValueKind.Object
            ? QuestionnairesErrors.NotAResource.ToHttp()
            : (await mediator.Send(new SaveMyResponseCommand(actor.Actor.Id!.Value, task, language ?? "en", body.GetRawText(), submit), cancellationToken))
            .ToHttp(TypedResults.Ok);
}
