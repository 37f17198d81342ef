using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Contracts;
using Portal.Questionnaires.Features.MyQuestionnaires;
using Portal.Questionnaires.Features.PreVisitTasks;
using Portal.Questionnaires.Library;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Questionnaires.Features.AppointmentTasks;

/// <summary>A pre-visit task of an appointment as staff see it.</summary>
/// <param name="Status">to_do, draft (the patient has started; drafts stay the patient's own) or submitted.</param>
/// <param name="ResponseId">The submitted response, to read its answers; null until submitted.</param>
internal sealed record AppointmentTask(
    Guid QuestionnaireId, string Title, DateTimeOffset DueAt, string Status, DateTimeOffset? SubmittedAt, Guid? ResponseId, decimal? TotalScore);

internal sealed record AppointmentTaskList(Guid AppointmentId, Guid PatientId, IReadOnlyList<AppointmentTask> Items);

internal sealed record ListAppointmentTasksQuery(Guid AppointmentId, string Language) : IQuery<AppointmentTaskList>;

internal sealed class ListAppointmentTasksValidator : AbstractValidator<ListAppointmentTasksQuery>
{
    public ListAppointmentTasksValidator() => RuleFor(x => x.Language).IsOneOf(["en", "fr"]);
}

internal sealed class ListAppointmentTasksHandler(
    ClinicContext clinic, IAppointmentFacts appointments, PreVisitTaskStore tasks, ResponseStore responses, LibraryStore library, IAuditLog audit)
    : IRequestHandler<ListAppointmentTasksQuery, Result<AppointmentTaskList>>
{
    public async Task<Result<AppointmentTaskList>> Handle(ListAppointmentTasksQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var appointment = await appointments.FindAsync(clinicId, request.AppointmentId, cancellationToken);
        if (appointment is null)
        {
            return QuestionnairesErrors.AppointmentNotFound;
        }

        var asked = (await tasks.ListAsync(clinicId, appointment.TypeId, cancellationToken)).SingleOrDefault()?.Tasks ?? [];
        var saved = (await responses.ForAppointmentAsync(clinicId, appointment.PatientId, appointment.Id, cancellationToken)).ToDictionary(r => r.QuestionnaireId);
        var items = new List<AppointmentTask>();
        foreach (var task in asked)
        {
            var response = saved.GetValueOrDefault(task.QuestionnaireId);
            var text = await library.TextAsync(clinicId, task.QuestionnaireId, response?.VersionId, request.Language, cancellationToken);
            if (text is not null)
            {
                var submitted = response is { Submitted: true };
                items.Add(new AppointmentTask(
                    task.QuestionnaireId, text.Title, MyTask.DueBefore(appointment, task), MyTaskFinder.StatusOf(response), response?.SubmittedAt,
                    submitted ? response!.Id : null, submitted ? response!.TotalScore : null));
            }
        }

        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.TasksListed, clinicId, QuestionnairesAudit.AppointmentTarget, appointment.Id.ToString(),
                new { by = "staff", patientId = appointment.PatientId, results = items.Count }),
            cancellationToken);
        return new AppointmentTaskList(appointment.Id, appointment.PatientId, items);
    }
}

internal sealed class AppointmentTaskEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffQuestionnaires()
            .MapGet("/appointments/{appointmentId:guid}", async Task<Results<Ok<AppointmentTaskList>, ErrorHttpResult>> (
                    Guid appointmentId, string? language, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListAppointmentTasksQuery(appointmentId, language ?? "en"), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListAppointmentPreVisitTasks")
            .ValidatedAs<ListAppointmentTasksQuery>()
            .WithSummary("An appointment's pre-visit questionnaires for staff: each with its due time, whether the patient submitted it, and the submitted response to read.")
            .WithDescription("Any staff member of the clinic. 404 appointment_not_found for an appointment the clinic does not have.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
