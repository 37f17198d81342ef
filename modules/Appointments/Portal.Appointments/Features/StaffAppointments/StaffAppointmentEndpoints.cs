using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;

namespace Portal.Appointments.Features.StaffAppointments;

/// <summary>The operation name, summary and description of a staff change to one appointment.</summary>
internal sealed record StaffAppointmentOperation(string Name, string Summary, string Description);

internal static class StaffAppointmentEndpoints
{
    /// <summary>
    /// A staff change to one appointment at <c>POST /appointments/{id}{path}</c>, open to any staff member of the clinic: the body,
    /// checked by the command's validator, makes the command, and the answer is the appointment as staff then see it; 404 for none,
    /// 409 for a change the appointment does not allow.
    /// </summary>
    public static void MapStaffAppointmentChange<TBody, TCommand>(
        this IEndpointRouteBuilder app, string path, Func<Guid, TBody, TCommand> command, StaffAppointmentOperation operation)
        where TBody : class
        where TCommand : ICommand<StaffAppointmentView>
    {
        // Held in a variable: the route handler analyzer throws on a generic parameter type inline (dotnet/aspnetcore#56831).
        Delegate change = async Task<Results<Ok<StaffAppointmentView>, ErrorHttpResult>> (
                Guid id, TBody body, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(command(id, body), cancellationToken)).ToHttp(TypedResults.Ok);
        app.MapStaffAppointments().MapPost("/{id:guid}" + path, change).ValidatedAs<TCommand>().Describe(operation);
    }

    /// <summary>The same, for a change that takes no body.</summary>
    public static void MapStaffAppointmentChange(
        this IEndpointRouteBuilder app, string path, Func<Guid, ICommand<StaffAppointmentView>> command, StaffAppointmentOperation operation) =>
        app.MapStaffAppointments()
            .MapPost("/{id:guid}" + path, async Task<Results<Ok<StaffAppointmentView>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .Describe(operation);

    private static void Describe(this RouteHandlerBuilder builder, StaffAppointmentOperation operation) =>
        builder.WithName(operation.Name)
            .WithSummary(operation.Summary)
            .WithDescription(operation.Description)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
