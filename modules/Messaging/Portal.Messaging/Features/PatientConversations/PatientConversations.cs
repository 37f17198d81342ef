using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.PatientConversations;

internal sealed record PatientConversationsQuery(Guid PatientId, int Offset, int Limit) : IQuery<ConversationPage>;

internal sealed class PatientConversationsValidator : AbstractValidator<PatientConversationsQuery>
{
    public PatientConversationsValidator()
    {
        RuleFor(x => x.Offset).InclusiveBetween(0, MessageLimits.PageMaxOffset);
        RuleFor(x => x.Limit).InclusiveBetween(1, MessageLimits.PageMaxLimit);
    }
}

/// <summary>The chart's Messages tab: one patient's conversations, unread replies first, then by last activity.</summary>
internal sealed class PatientConversationsHandler(
    IDbSession db, ClinicContext clinic, IPatientDirectory patients, ConversationViews views, IAuditLog audit)
    : IRequestHandler<PatientConversationsQuery, Result<ConversationPage>>
{
    public async Task<Result<ConversationPage>> Handle(PatientConversationsQuery request, CancellationToken cancellationToken)
    {
        if (await patients.GetContactDetailsAsync(clinic.ClinicId, request.PatientId, cancellationToken) is null)
        {
            return MessagingErrors.PatientNotFound;
        }

        var rows = await db.QueryAsync<ConversationPageRow>(
            $"""
            select {ConversationStore.PageColumns}
            from messaging.conversations c
            {ConversationStore.LatestUploadRequest}
            where c.clinic_id = @ClinicId and c.patient_id = @PatientId
            order by (c.staff_unread > 0) desc, c.last_message_at desc, c.id desc
            {MessageLimits.PageSql(request.Limit, request.Offset)}
            """,
            new { clinic.ClinicId, request.PatientId, request.Offset },
            cancellationToken);
        var items = await views.SummariesAsync(clinic.ClinicId, rows.Take(request.Limit).ToList(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.ConversationsListed, clinic.ClinicId, "patient", request.PatientId.ToString(),
                new { by = "staff", view = "chart", results = items.Count }),
            cancellationToken);
        return new ConversationPage(items, request.Offset, request.Limit, rows.Count > request.Limit);
    }
}

internal sealed class PatientConversationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapGet("/patients/{patientId:guid}/conversations", async Task<Results<Ok<ConversationPage>, ErrorHttpResult>> (
                    Guid patientId, int? offset, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(
                    new PatientConversationsQuery(patientId, offset ?? 0, limit ?? MessageLimits.PageDefaultLimit), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("ListPatientConversations")
            .ValidatedAs<PatientConversationsQuery>()
            .WithSummary("One patient's conversations, for the chart's Messages tab: unread replies first, then by last activity.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
