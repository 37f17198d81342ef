using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Appointments.Features.MyAppointments;

/// <param name="When">upcoming (still to come, soonest first) or past (the rest, latest first).</param>
internal sealed record ListMyAppointmentsQuery(Guid PatientId, string When) : IQuery<MyAppointmentList>;

internal sealed record GetMyAppointmentQuery(Guid PatientId, Guid Id) : IQuery<MyAppointmentView>;

internal sealed class ListMyAppointmentsValidator : AbstractValidator<ListMyAppointmentsQuery>
{
    public ListMyAppointmentsValidator() => RuleFor(x => x.When).IsOneOf(["upcoming", "past"]);
}

internal sealed class ListMyAppointmentsHandler(MyAppointmentViews views, ClinicContext clinic, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<ListMyAppointmentsQuery, Result<MyAppointmentList>>
{
    /// <summary>A patient's page shows at most this many; past ones beyond it are the oldest.</summary>
    private const int Limit = 200;

    public async Task<Result<MyAppointmentList>> Handle(ListMyAppointmentsQuery request, CancellationToken cancellationToken)
    {
        var items = await views.ListAsync(request.PatientId, request.When == "upcoming", clock.GetUtcNow(), Limit, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Listed, clinic.ClinicId, Details: new { by = "patient", request.When, results = items.Count }), cancellationToken);
        return new MyAppointmentList(items);
    }
}

internal sealed class GetMyAppointmentHandler(MyAppointmentViews views, ClinicContext clinic, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<GetMyAppointmentQuery, Result<MyAppointmentView>>
{
    public async Task<Result<MyAppointmentView>> Handle(GetMyAppointmentQuery request, CancellationToken cancellationToken)
    {
        var found = await views.FindAsync(request.PatientId, request.Id, clock.GetUtcNow(), cancellationToken);
        if (found is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Viewed, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, found.Id.ToString(), new { by = "patient" }),
            cancellationToken);
        return found;
    }
}

internal sealed class ReadMyAppointmentsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var portal = app.MapMyAppointments();
        portal.MapGet("/", async Task<Results<Ok<MyAppointmentList>, ErrorHttpResult>> (
                    string? when, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListMyAppointmentsQuery(actor.Actor.Id!.Value, when ?? "upcoming"), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListMyAppointments")
            .ValidatedAs<ListMyAppointmentsQuery>()
            .WithSummary("The signed-in patient's appointments: upcoming (soonest first, the default) or past (latest first).")
            .WithDescription("The signed-in patient of the clinic. Appointments in a status the clinic hides from patients (S9) are left out.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        portal.MapGet("/{id:guid}", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetMyAppointmentQuery(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetMyAppointment")
            .WithSummary("One of the signed-in patient's appointments: type, provider, location or virtual, time in the clinic's zone, status.")
            .WithDescription("The signed-in patient of the clinic. Another patient's appointment, or one in a hidden status (S9), is 404.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
