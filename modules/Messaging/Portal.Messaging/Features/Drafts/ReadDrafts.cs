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

/// <param name="PatientId">Only the drafts to this patient (the chart's Messages tab).</param>
internal sealed record ListDraftsQuery(Guid? PatientId) : IQuery<IReadOnlyList<DraftView>>;

internal sealed record GetDraftQuery(Guid DraftId) : IQuery<DraftView>;

internal sealed class ListDraftsHandler(IDbSession db, ClinicContext clinic, IActorContext actor, ConversationViews views, MessageAttachments attachments, IAuditLog audit)
    : IRequestHandler<ListDraftsQuery, Result<IReadOnlyList<DraftView>>>
{
    public async Task<Result<IReadOnlyList<DraftView>>> Handle(ListDraftsQuery request, CancellationToken cancellationToken)
    {
        var rows = await DraftRows.ListAsync(db, clinic.ClinicId, actor.Actor.Id!.Value, request.PatientId, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.DraftViewed, clinic.ClinicId, Details: new { view = "list", request.PatientId, results = rows.Count }),
            cancellationToken);
        return Result<IReadOnlyList<DraftView>>.Success(await DraftRows.ViewsAsync(views, attachments, clinic.ClinicId, rows, cancellationToken));
    }
}

internal sealed class GetDraftHandler(IDbSession db, ClinicContext clinic, IActorContext actor, ConversationViews views, MessageAttachments attachments, IAuditLog audit)
    : IRequestHandler<GetDraftQuery, Result<DraftView>>
{
    public async Task<Result<DraftView>> Handle(GetDraftQuery request, CancellationToken cancellationToken)
    {
        var row = await DraftRows.FindAsync(db, clinic.ClinicId, actor.Actor.Id!.Value, request.DraftId, forUpdate: false, cancellationToken);
        if (row is null)
        {
            return MessagingErrors.DraftNotFound;
        }

        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.DraftViewed, clinic.ClinicId, MessagingAudit.DraftTarget, row.Id.ToString(), new { row.PatientId }),
            cancellationToken);
        return (await DraftRows.ViewsAsync(views, attachments, clinic.ClinicId, [row], cancellationToken))[0];
    }
}

internal sealed class ReadDraftsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var drafts = app.MapStaffMessaging("/drafts");
        drafts.MapGet("/", async Task<Results<Ok<IReadOnlyList<DraftView>>, ErrorHttpResult>> (
                    Guid? patientId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListDraftsQuery(patientId), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListDrafts")
            .WithSummary("The caller's own drafts, newest first (up to 200), optionally only those to one patient.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        drafts.MapGet("/{id:guid}", async Task<Results<Ok<DraftView>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetDraftQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetDraft")
            .WithSummary("One of the caller's drafts; another staff member's draft is not found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
