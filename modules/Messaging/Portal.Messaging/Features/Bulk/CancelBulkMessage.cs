using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Bulk;

internal sealed record CancelBulkMessageCommand(Guid Id) : ICommand<BulkMessageView>;

/// <summary>
/// Stops a bulk message before its next chunk. The row lock makes a chunk under way finish first: the patients
/// already sent stay sent, and nobody after them is.
/// </summary>
internal sealed class CancelBulkMessageHandler(IDbSession db, ClinicContext clinic, IActorContext actor, BulkMessageStore store, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<CancelBulkMessageCommand, Result<BulkMessageView>>
{
    public async Task<Result<BulkMessageView>> Handle(CancelBulkMessageCommand request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clinic.ClinicId, request.Id, forUpdate: true, cancellationToken) is not { } bulk)
        {
            return BulkMessageErrors.NotFound;
        }

        if (BulkStates.IsFinished(bulk.State))
        {
            return BulkMessageErrors.Finished;
        }

        await db.ExecuteAsync(
            "update messaging.bulk_messages set state = 'cancelled', finished_at = @now, cancelled_by = @by where clinic_id = @ClinicId and id = @Id",
            new { bulk.ClinicId, bulk.Id, now = clock.GetUtcNow(), by = actor.Actor.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(BulkMessageAudit.Cancelled, clinic.ClinicId, BulkMessageAudit.Target, bulk.Id.ToString(),
                new { sent = bulk.Sent, skipped = bulk.Skipped, selected = bulk.Selected }),
            cancellationToken);
        return (await store.FindAsync(clinic.ClinicId, request.Id, forUpdate: false, cancellationToken))!.ToView();
    }
}

internal sealed class CancelBulkMessageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPost("/bulk/{id:guid}/cancel", async Task<Results<Ok<BulkMessageView>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new CancelBulkMessageCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("CancelBulkMessage")
            .WithSummary("Stops a queued or running bulk message before its next chunk; those already sent stay sent.")
            .WithDescription("For the clinic's staff; another clinic's bulk message is 404, one that has already finished (completed, cancelled or failed) is 409.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
