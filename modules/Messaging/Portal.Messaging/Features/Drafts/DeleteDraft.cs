using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Drafts;

internal sealed record DeleteDraftCommand(Guid DraftId) : ICommand;

internal sealed class DeleteDraftHandler(IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit)
    : IRequestHandler<DeleteDraftCommand, Result>
{
    public async Task<Result> Handle(DeleteDraftCommand request, CancellationToken cancellationToken)
    {
        var deleted = await db.ExecuteAsync(
            "delete from messaging.drafts where clinic_id = @ClinicId and author_staff_id = @author and id = @DraftId",
            new { clinic.ClinicId, author = actor.Actor.Id, request.DraftId },
            cancellationToken);
        if (deleted == 0)
        {
            return MessagingErrors.DraftNotFound;
        }

        await audit.RecordAsync(new AuditEvent(MessagingAudit.DraftDeleted, clinic.ClinicId, MessagingAudit.DraftTarget, request.DraftId.ToString()), cancellationToken);
        return Result.Success;
    }
}

internal sealed class DeleteDraftEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging("/drafts")
            .MapDelete("/{id:guid}", async Task<Results<NoContent, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new DeleteDraftCommand(id), cancellationToken)).ToHttp())
            .WithName("DeleteDraft")
            .WithSummary("Deletes one of the caller's drafts; nothing was ever sent from it.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
