using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Contracts;
using Portal.Questionnaires.Library;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Questionnaires.Features.PreVisitTasks;

/// <summary>A questionnaire patients with an appointment of the type fill in, due this many minutes before it starts.</summary>
internal sealed record PreVisitTask(Guid QuestionnaireId, int DueMinutesBefore);

internal sealed record AppointmentTypeTasks(Guid AppointmentTypeId, IReadOnlyList<PreVisitTask> Tasks);

internal sealed record PreVisitTaskList(IReadOnlyList<AppointmentTypeTasks> Items);

internal sealed record SetPreVisitTasksBody(IReadOnlyList<PreVisitTask> Tasks);

internal sealed record SetPreVisitTasksCommand(Guid AppointmentTypeId, IReadOnlyList<PreVisitTask> Tasks) : ICommand<AppointmentTypeTasks>;

internal sealed record ListPreVisitTasksQuery : IQuery<PreVisitTaskList>;

internal sealed class SetPreVisitTasksValidator : AbstractValidator<SetPreVisitTasksCommand>
{
    public const int MaxTasks = 10;

    public SetPreVisitTasksValidator()
    {
        RuleFor(x => x.Tasks).NotNull().Must(t => t is null || t.Count <= MaxTasks).WithMessage($"At most {MaxTasks} questionnaires per appointment type.")
            .Must(t => t is null || t.Select(x => x?.QuestionnaireId).Distinct().Count() == t.Count).WithMessage("Each questionnaire once.");
        RuleForEach(x => x.Tasks).NotNull().ChildRules(task =>
        {
            task.RuleFor(t => t.QuestionnaireId).NotEmpty();
            task.RuleFor(t => t.DueMinutesBefore).InclusiveBetween(0, 43200);
        });
    }
}

/// <summary>Which questionnaires an appointment type asks for before the visit, kept here by Appointments' type id.</summary>
internal sealed class PreVisitTaskStore(IDbSession db)
{
    private sealed record Row(Guid AppointmentTypeId, Guid QuestionnaireId, int DueMinutesBefore);

    public async Task<IReadOnlyList<AppointmentTypeTasks>> ListAsync(Guid clinicId, Guid? typeId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<Row>(
            """
            select appointment_type_id, questionnaire_id, due_minutes_before from questionnaires.appointment_type_tasks
            where clinic_id = @clinicId and (@typeId::uuid is null or appointment_type_id = @typeId)
            order by appointment_type_id, position
            """,
            new { clinicId, typeId }, cancellationToken);
        return rows.GroupBy(r => r.AppointmentTypeId)
            .Select(g => new AppointmentTypeTasks(g.Key, g.Select(r => new PreVisitTask(r.QuestionnaireId, r.DueMinutesBefore)).ToList()))
            .ToList();
    }

    public async Task ReplaceAsync(Guid clinicId, Guid typeId, IReadOnlyList<PreVisitTask> tasks, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(
            "delete from questionnaires.appointment_type_tasks where clinic_id = @clinicId and appointment_type_id = @typeId", new { clinicId, typeId }, cancellationToken);
        foreach (var (task, position) in tasks.Select((task, position) => (task, position)))
        {
            await db.ExecuteAsync(
                """
                insert into questionnaires.appointment_type_tasks (clinic_id, appointment_type_id, questionnaire_id, due_minutes_before, position)
                values (@clinicId, @typeId, @QuestionnaireId, @DueMinutesBefore, @position)
                """,
                new { clinicId, typeId, task.QuestionnaireId, task.DueMinutesBefore, position }, cancellationToken);
        }
    }
}

internal sealed class ListPreVisitTasksHandler(ClinicContext clinic, PreVisitTaskStore store) : IRequestHandler<ListPreVisitTasksQuery, Result<PreVisitTaskList>>
{
    public async Task<Result<PreVisitTaskList>> Handle(ListPreVisitTasksQuery request, CancellationToken cancellationToken) =>
        new PreVisitTaskList(await store.ListAsync(clinic.ClinicId, null, cancellationToken));
}

internal sealed class SetPreVisitTasksHandler(
    ClinicContext clinic, PreVisitTaskStore store, LibraryStore library, StarterQuestionnaires starters, IAppointmentFacts appointments, IAuditLog audit)
    : IRequestHandler<SetPreVisitTasksCommand, Result<AppointmentTypeTasks>>
{
    public async Task<Result<AppointmentTypeTasks>> Handle(SetPreVisitTasksCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        if ((await appointments.TypesAsync(clinicId, cancellationToken)).All(t => t.Id != request.AppointmentTypeId))
        {
            return QuestionnairesErrors.AppointmentTypeNotFound;
        }

        await starters.EnsureAsync(clinicId, cancellationToken);
        var known = (await library.ListAsync(clinicId, cancellationToken)).Items.Select(e => e.Id).ToHashSet();
        if (request.Tasks.Any(t => !known.Contains(t.QuestionnaireId)))
        {
            return QuestionnairesErrors.UnknownQuestionnaire;
        }

        await store.ReplaceAsync(clinicId, request.AppointmentTypeId, request.Tasks, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.PreVisitTasksSet, clinicId, QuestionnairesAudit.AppointmentTypeTarget, request.AppointmentTypeId.ToString(),
                new { questionnaires = request.Tasks.Count }),
            cancellationToken);
        return (await store.ListAsync(clinicId, request.AppointmentTypeId, cancellationToken)).SingleOrDefault()
            ?? new AppointmentTypeTasks(request.AppointmentTypeId, []);
    }
}

internal sealed class PreVisitTaskEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffQuestionnaires()
            .MapGet("/pre-visit-tasks", async Task<Results<Ok<PreVisitTaskList>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListPreVisitTasksQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListPreVisitTasks")
            .WithSummary("For each appointment type that has any, the questionnaires its patients fill in before the visit, in their order, and when each is due.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapQuestionnairesSetup()
            .MapPut("/pre-visit-tasks/{appointmentTypeId:guid}", async Task<Results<Ok<AppointmentTypeTasks>, ErrorHttpResult>> (
                    Guid appointmentTypeId, SetPreVisitTasksBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new SetPreVisitTasksCommand(appointmentTypeId, body.Tasks), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("SetPreVisitTasks")
            .ValidatedAs<SetPreVisitTasksCommand>()
            .WithSummary("Sets the questionnaires patients with an appointment of this type fill in before the visit, in the order given (replacing the previous set; empty removes them).")
            .WithDescription("Owners and admins. dueMinutesBefore is between 0 and 43200 (30 days). 404 for an appointment type the clinic does not have.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
