using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Bulk;

internal sealed record ViewBulkMessageQuery(Guid Id) : IQuery<BulkMessageView>;

internal sealed class ViewBulkMessageHandler(ClinicContext clinic, BulkMessageStore store, IAuditLog audit)
    : IRequestHandler<ViewBulkMessageQuery, Result<BulkMessageView>>
{
    public async Task<Result<BulkMessageView>> Handle(ViewBulkMessageQuery request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clinic.ClinicId, request.Id, forUpdate: false, cancellationToken) is not { } bulk)
        {
            return BulkMessageErrors.NotFound;
        }

        await audit.RecordAsync(new AuditEvent(BulkMessageAudit.Viewed, clinic.ClinicId, BulkMessageAudit.Target, bulk.Id.ToString()), cancellationToken);
        return bulk.ToView();
    }
}

internal sealed record ListBulkMessagesQuery(int Offset, int Limit) : IQuery<BulkMessagePage>;

internal sealed class ListBulkMessagesValidator : AbstractValidator<ListBulkMessagesQuery>
{
    public ListBulkMessagesValidator()
    {
        RuleFor(x => x.Offset).InclusiveBetween(0, MessageLimits.PageMaxOffset);
        RuleFor(x => x.Limit).InclusiveBetween(1, MessageLimits.PageMaxLimit);
    }
}

internal sealed class ListBulkMessagesHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<ListBulkMessagesQuery, Result<BulkMessagePage>>
{
    public async Task<Result<BulkMessagePage>> Handle(ListBulkMessagesQuery request, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<BulkMessageRow>(
            $"""
            select {BulkMessageStore.Columns} from messaging.bulk_messages b
            where b.clinic_id = @ClinicId
            order by b.created_at desc, b.id desc
            limit @Take offset @Offset
            """,
            new { clinic.ClinicId, Take = request.Limit + 1, request.Offset },
            cancellationToken);
        var items = rows.Take(request.Limit).Select(r => r.ToView()).ToList();
        await audit.RecordAsync(new AuditEvent(BulkMessageAudit.Listed, clinic.ClinicId, Details: new { results = items.Count }), cancellationToken);
        return new BulkMessagePage(items, request.Offset, request.Limit, rows.Count > request.Limit);
    }
}

internal sealed class ViewBulkMessagesEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapStaffMessaging();
        group.MapGet("/bulk/{id:guid}", async Task<Results<Ok<BulkMessageView>, ErrorHttpResult>> (
                Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ViewBulkMessageQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ViewBulkMessage")
            .WithSummary("A bulk message and its progress: state, patients selected, sent and skipped so far.")
            .WithDescription("For the clinic's staff; another clinic's bulk message is 404. The progress page polls it while the job runs.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        group.MapGet("/bulk", async Task<Results<Ok<BulkMessagePage>, ErrorHttpResult>> (
                int? offset, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListBulkMessagesQuery(offset ?? 0, limit ?? MessageLimits.PageDefaultLimit), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("ListBulkMessages")
            .ValidatedAs<ListBulkMessagesQuery>()
            .WithSummary("The clinic's bulk messages, newest first, each with its progress.")
            .WithDescription("For the clinic's staff.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}
