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
using Portal.Shared.Validation;

namespace Portal.Messaging.Features.Inbox;

/// <param name="Status"><c>all</c>, <c>open</c> or <c>closed</c>.</param>
/// <param name="Unread">Only conversations with patient replies no staff member has read.</param>
/// <param name="Mine">Only conversations assigned to the caller.</param>
internal sealed record InboxQuery(string Status, bool Unread, bool Mine, int Offset, int Limit) : IQuery<ConversationPage>;

internal sealed class InboxValidator : AbstractValidator<InboxQuery>
{
    public InboxValidator()
    {
        RuleFor(x => x.Status).IsOneOf(["all", .. ConversationStatus.All]).WithErrorCode("invalid_choice");
        RuleFor(x => x.Offset).InclusiveBetween(0, MessageLimits.PageMaxOffset);
        RuleFor(x => x.Limit).InclusiveBetween(1, MessageLimits.PageMaxLimit);
    }
}

/// <summary>The clinic inbox (X11): unread patient replies first, then by last activity.</summary>
internal sealed class InboxHandler(IDbSession db, ClinicContext clinic, IActorContext actor, ConversationViews views, IAuditLog audit)
    : IRequestHandler<InboxQuery, Result<ConversationPage>>
{
    public async Task<Result<ConversationPage>> Handle(InboxQuery request, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "c.clinic_id = @ClinicId" };
        if (request.Status != "all")
        {
            conditions.Add("c.status = @Status");
        }

        if (request.Unread)
        {
            conditions.Add("c.staff_unread > 0");
        }

        if (request.Mine)
        {
            conditions.Add("c.assigned_to = @Me");
        }

        var rows = await db.QueryAsync<ConversationPageRow>(
            $"""
            select {ConversationStore.PageColumns}
            from messaging.conversations c
            {ConversationStore.LatestUploadRequest}
            where {string.Join(" and ", conditions)}
            order by (c.staff_unread > 0) desc, c.last_message_at desc, c.id desc
            {MessageLimits.PageSql(request.Limit, request.Offset)}
            """,
            new { clinic.ClinicId, request.Status, Me = actor.Actor.Id, request.Offset },
            cancellationToken);
        var items = await views.SummariesAsync(clinic.ClinicId, rows.Take(request.Limit).ToList(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.ConversationsListed, clinic.ClinicId, Details: new { by = "staff", view = "inbox", results = items.Count }),
            cancellationToken);
        return new ConversationPage(items, request.Offset, request.Limit, rows.Count > request.Limit);
    }
}

internal sealed class InboxEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapGet("/conversations", async Task<Results<Ok<ConversationPage>, ErrorHttpResult>> (
                    string? status, bool? unread, bool? mine, int? offset, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(
                    new InboxQuery(status ?? "all", unread ?? false, mine ?? false, offset ?? 0, limit ?? MessageLimits.PageDefaultLimit), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("ListInbox")
            .ValidatedAs<InboxQuery>()
            .WithSummary("The clinic inbox: conversations with unread patient replies first, then by last activity; filters unread, open, closed and mine.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
