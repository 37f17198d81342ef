using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Contracts;
using Portal.Messaging.Conversations;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.AssignConversation;

/// <param name="StaffId">A staff member of this clinic, or null to leave the conversation unassigned.</param>
internal sealed record AssignConversationBody(Guid? StaffId);

internal sealed record AssignConversationCommand(Guid ConversationId, Guid? StaffId) : ICommand<ConversationSummary>;

internal sealed class AssignConversationHandler(
    IDbSession db, ClinicContext clinic, ConversationStore store, IStaffAccounts staff, ConversationViews views, IAuditLog audit)
    : IRequestHandler<AssignConversationCommand, Result<ConversationSummary>>
{
    public async Task<Result<ConversationSummary>> Handle(AssignConversationCommand request, CancellationToken cancellationToken)
    {
        var conversation = await store.FindAsync(clinic.ClinicId, request.ConversationId, forUpdate: true, cancellationToken);
        if (conversation is null)
        {
            return MessagingErrors.ConversationNotFound;
        }

        if (request.StaffId is { } staffId
            && !(await staff.ListClinicStaffAsync(clinic.ClinicId, cancellationToken)).Any(member => member.UserId == staffId))
        {
            return MessagingErrors.UnknownStaff;
        }

        if (conversation.AssignedTo != request.StaffId)
        {
            await db.ExecuteAsync(
                "update messaging.conversations set assigned_to = @StaffId where clinic_id = @ClinicId and id = @Id",
                new { request.StaffId, conversation.ClinicId, conversation.Id },
                cancellationToken);
            await audit.RecordAsync(
                new AuditEvent(MessagingAudit.Assigned, clinic.ClinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                    new { from = conversation.AssignedTo, to = request.StaffId }),
                cancellationToken);
        }

        return await views.SummaryAsync(conversation with { AssignedTo = request.StaffId }, cancellationToken);
    }
}

internal sealed class AssignConversationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPut("/conversations/{id:guid}/assignee", async Task<Results<Ok<ConversationSummary>, ErrorHttpResult>> (
                    Guid id, AssignConversationBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new AssignConversationCommand(id, body.StaffId), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("AssignConversation")
            .WithSummary("Assigns a conversation to a staff member of the clinic, or unassigns it with a null staffId.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
