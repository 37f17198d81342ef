using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Security;

namespace Portal.Settings.Features.PortalSettings;

internal sealed record GetPortalSettingsQuery : IQuery<PortalSettingsView>;

internal sealed class GetPortalSettingsHandler(IDbSession db, ClinicContext clinic, IActorContext actor)
    : IRequestHandler<GetPortalSettingsQuery, Result<PortalSettingsView>>
{
    public async Task<Result<PortalSettingsView>> Handle(GetPortalSettingsQuery request, CancellationToken cancellationToken)
    {
        var view = await PortalSettingsViews.LoadAsync(db, clinic.Clinic, actor.Actor, cancellationToken);
        return view is null ? Error.NotFound("settings_not_found", "This clinic has no portal settings.") : view;
    }
}

internal sealed class GetPortalSettingsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/settings")
            .MapGet("/portal", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Settings")
            .WithName("GetPortalSettings")
            .WithSummary("The clinic's patient portal settings (S1 to S10).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<PortalSettingsView>, ErrorHttpResult>> Handle(IMediator mediator, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetPortalSettingsQuery(), cancellationToken)).ToHttp(TypedResults.Ok);
}
