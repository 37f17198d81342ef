using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Settings.Contracts;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.ComposeDefaults;

/// <param name="AllowReplies">"Allow replies" as a new message starts: ticked when the clinic accepts replies (S4).</param>
/// <param name="AllowRepliesAvailable">Whether "Allow replies" may be ticked at all (S4 on).</param>
internal sealed record ComposeDefaultsView(bool AllowReplies, bool AllowRepliesAvailable, int SubjectMaxLength, int BodyMaxLength);

internal sealed record ComposeDefaultsQuery : IQuery<ComposeDefaultsView>;

internal sealed class ComposeDefaultsHandler(ClinicContext clinic, IPortalSettings settings)
    : IRequestHandler<ComposeDefaultsQuery, Result<ComposeDefaultsView>>
{
    public async Task<Result<ComposeDefaultsView>> Handle(ComposeDefaultsQuery request, CancellationToken cancellationToken)
    {
        var replies = (await settings.GetAsync(clinic.ClinicId, cancellationToken))?.PatientRepliesEnabled ?? false;
        return new ComposeDefaultsView(replies, replies, MessageLimits.SubjectMaxLength, MessageLimits.BodyMaxLength);
    }
}

internal sealed class ComposeDefaultsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapGet("/compose-defaults", async Task<Results<Ok<ComposeDefaultsView>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ComposeDefaultsQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetComposeDefaults")
            .WithSummary("How a new message starts: Allow replies ticked and available when the clinic accepts replies (S4), and the length limits.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
