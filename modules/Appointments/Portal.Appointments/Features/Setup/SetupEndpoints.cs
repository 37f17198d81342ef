using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.Setup;

/// <summary>The operation name and summary of a set-up list, which any staff member of the clinic may read.</summary>
internal sealed record SetupListing(string Name, string Summary);

/// <summary>The operation name, summary and callers of a set-up change; its problems besides 401, 403 (and 404 for a change by id).</summary>
internal sealed record SetupChange(string Name, string Summary, string Description = "The clinic's owners and admins.", params int[] MoreProblems);

internal static class SetupEndpoints
{
    /// <summary>
    /// A resource of the clinic's set-up at <c>/appointments{path}</c>: any staff member lists it, the clinic's managers
    /// create one (201 with its location) and change one by id.
    /// </summary>
    public static void MapSetupResource<TBody, TView, TList, TCommand>(
        this IEndpointRouteBuilder app,
        string path,
        Func<IQuery<TList>> list,
        Func<Guid?, TBody, TCommand> save,
        Func<TView, Guid> idOf,
        SetupListing listing,
        SetupChange creation,
        SetupChange update)
        where TBody : class
        where TCommand : ICommand<TView>
    {
        app.MapStaffAppointments(path)
            .MapGet("/", async Task<Results<Ok<TList>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(list(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName(listing.Name)
            .WithSummary(listing.Summary)
            .WithDescription("Any staff member of the clinic.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        // Handlers held in variables: the route handler analyzer throws on a generic parameter type inline (dotnet/aspnetcore#56831).
        Delegate create = async Task<Results<Created<TView>, ErrorHttpResult>> (
                TBody body, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
            (await mediator.Send(save(null, body), cancellationToken))
            .ToHttp(view => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/appointments{path}/{idOf(view)}", view));
        Delegate change = async Task<Results<Ok<TView>, ErrorHttpResult>> (
                Guid id, TBody body, IMediator mediator, CancellationToken cancellationToken) =>
            (await mediator.Send(save(id, body), cancellationToken)).ToHttp(TypedResults.Ok);

        var setup = app.MapAppointmentsSetup(path);
        setup.MapPost("/", create)
            .ValidatedAs<TCommand>()
            .Describe(creation, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        setup.MapPut("/{id:guid}", change)
            .ValidatedAs<TCommand>()
            .Describe(update, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    /// <summary>What the clinic set up for one provider, at <c>/appointments/providers/{providerId}{path}</c>, read by any staff member; 404 for another clinic's provider.</summary>
    public static void MapProviderListing<TView>(
        this IEndpointRouteBuilder app, string path, Func<Guid, IQuery<TView>> query, SetupListing listing)
    {
        app.MapStaffAppointments("/providers/{providerId:guid}" + path)
            .MapGet("/", async Task<Results<Ok<TView>, ErrorHttpResult>> (Guid providerId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(query(providerId), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName(listing.Name)
            .WithSummary(listing.Summary)
            .WithDescription("Any staff member of the clinic.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, SetupChange change, params int[] problems) =>
        builder.WithName(change.Name)
            .WithSummary(change.Summary)
            .WithDescription(change.Description)
            .ProducesProblems([.. problems, .. change.MoreProblems]);
}
