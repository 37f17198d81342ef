using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.MyMessages;

internal sealed record ListMyConversationsQuery(Guid PatientId, int Offset, int Limit) : IQuery<MyConversationList>;

internal sealed class ListMyConversationsValidator : AbstractValidator<ListMyConversationsQuery>
{
    public ListMyConversationsValidator()
    {
        RuleFor(x => x.Offset).InclusiveBetween(0, MessageLimits.PageMaxOffset);
        RuleFor(x => x.Limit).InclusiveBetween(1, MessageLimits.PageMaxLimit);
    }
}

internal sealed record MyConversationRow(
    Guid Id, string Subject, bool RepliesAllowed, string Status, DateTimeOffset LastMessageAt, int PatientUnread, int UnreadConversations);

internal sealed record MyUnreadCountQuery(Guid PatientId) : IQuery<MyUnreadCount>;

/// <summary>The patient's Messages page: conversations with unread messages first, then by last activity.</summary>
internal sealed class ListMyConversationsHandler(IDbSession db, ClinicContext clinic, IPortalSettings settings, IAuditLog audit)
    : IRequestHandler<ListMyConversationsQuery, Result<MyConversationList>>
{
    public async Task<Result<MyConversationList>> Handle(ListMyConversationsQuery request, CancellationToken cancellationToken)
    {
        // The unread count comes with the page (a window over every conversation of the patient, before the limit).
        var rows = await db.QueryAsync<MyConversationRow>(
            $"""
            select c.id, c.subject, c.replies_allowed, c.status, c.last_message_at, c.patient_unread,
                   (count(*) filter (where c.patient_unread > 0) over ())::int as unread_conversations
            from messaging.conversations c
            where c.clinic_id = @ClinicId and c.patient_id = @PatientId
            order by (c.patient_unread > 0) desc, c.last_message_at desc, c.id desc
            {MessageLimits.PageSql(request.Limit, request.Offset)}
            """,
            new { clinic.ClinicId, request.PatientId, request.Offset },
            cancellationToken);
        var unread = rows.Count > 0
            ? rows[0].UnreadConversations
            : await db.ExecuteScalarAsync<int>(
                "select count(*)::int from messaging.conversations c where c.clinic_id = @ClinicId and c.patient_id = @PatientId and c.patient_unread > 0",
                new { clinic.ClinicId, request.PatientId },
                cancellationToken);
        var replies = (await settings.GetAsync(clinic.ClinicId, cancellationToken))?.PatientRepliesEnabled ?? false;
        var items = rows.Take(request.Limit)
            .Select(c => new MyConversationItem(
                c.Id, c.Subject, c.Status == ConversationStatus.Closed, PatientReplyRule.Allows(c.Status, c.RepliesAllowed, replies), c.PatientUnread,
                c.LastMessageAt))
            .ToList();
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.ConversationsListed, clinic.ClinicId, Details: new { by = "patient", view = "messages", results = items.Count }),
            cancellationToken);
        return new MyConversationList(items, unread, request.Offset, request.Limit, rows.Count > request.Limit);
    }
}

internal sealed class MyUnreadCountHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<MyUnreadCountQuery, Result<MyUnreadCount>>
{
    public async Task<Result<MyUnreadCount>> Handle(MyUnreadCountQuery request, CancellationToken cancellationToken) =>
        await db.QuerySingleAsync<MyUnreadCount>(
            """
            select count(*)::int as unread_conversations, coalesce(sum(c.patient_unread), 0)::int as unread_messages
            from messaging.conversations c
            where c.clinic_id = @ClinicId and c.patient_id = @PatientId and c.patient_unread > 0
            """,
            new { clinic.ClinicId, request.PatientId },
            cancellationToken);
}

internal sealed class ListMyConversationsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var portal = app.MapMyMessages();
        portal.MapGet("/", async Task<Results<Ok<MyConversationList>, ErrorHttpResult>> (
                    int? offset, int? limit, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(
                    new ListMyConversationsQuery(actor.Actor.Id!.Value, offset ?? 0, limit ?? MessageLimits.PageDefaultLimit), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("ListMyConversations")
            .ValidatedAs<ListMyConversationsQuery>()
            .WithSummary("The signed-in patient's conversations: those with unread messages first, then by last activity, with the unread count.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        portal.MapGet("/unread", async Task<Results<Ok<MyUnreadCount>, ErrorHttpResult>> (
                    IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new MyUnreadCountQuery(actor.Actor.Id!.Value), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetMyUnreadCount")
            .WithSummary("How many conversations and messages from the clinic the signed-in patient has not opened, for the home page.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}
