using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
using Portal.Messaging.Conversations;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.ClinicStaff;

internal sealed record AssignableStaffQuery : IQuery<IReadOnlyList<StaffRef>>;

internal sealed class AssignableStaffHandler(ClinicContext clinic, IStaffAccounts staff)
    : IRequestHandler<AssignableStaffQuery, Result<IReadOnlyList<StaffRef>>>
{
    public async Task<Result<IReadOnlyList<StaffRef>>> Handle(AssignableStaffQuery request, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<StaffRef>>.Success(
            (await staff.ListClinicStaffAsync(clinic.ClinicId, cancellationToken)).Select(m => new StaffRef(m.UserId, m.DisplayName)).ToList());
}

internal sealed class AssignableStaffEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapGet("/staff", async Task<Results<Ok<IReadOnlyList<StaffRef>>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AssignableStaffQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListAssignableStaff")
            .WithSummary("The clinic's staff members a conversation can be assigned to, by name.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
