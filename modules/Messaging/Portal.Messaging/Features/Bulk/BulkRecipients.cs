using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Messaging.Notifications;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Messaging.Features.Bulk;

/// <param name="State"><c>all</c>, <c>sent</c> or <c>skipped</c>.</param>
internal sealed record ListBulkRecipientsQuery(Guid Id, string State, int Offset, int Limit) : IQuery<BulkRecipientPage>;

/// <summary>Where one notification of a sent message has got, per channel.</summary>
/// <param name="State"><c>queued</c>, <c>sent</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Recipient">The address or number, masked.</param>
internal sealed record BulkRecipientDelivery(string Channel, string Recipient, string State, string? Reason, DateTimeOffset UpdatedAt);

/// <param name="DisplayName">The patient's name as the registry gives it; null when the chart is gone.</param>
/// <param name="SkipReason"><c>no_portal_access</c>, <c>inactive</c> or <c>no_usable_contact</c> when skipped.</param>
/// <param name="Deliveries">The new-message notification's delivery per channel; empty when skipped.</param>
internal sealed record BulkRecipientView(
    Guid PatientId, string? DisplayName, string State, string? SkipReason, Guid? ConversationId, IReadOnlyList<BulkRecipientDelivery> Deliveries);

internal sealed record BulkRecipientPage(IReadOnlyList<BulkRecipientView> Items, int Offset, int Limit, bool HasMore);

internal sealed class ListBulkRecipientsValidator : AbstractValidator<ListBulkRecipientsQuery>
{
    public ListBulkRecipientsValidator()
    {
        RuleFor(x => x.State).IsOneOf(["all", "sent", "skipped"]).WithErrorCode("invalid_choice");
        RuleFor(x => x.Offset).InclusiveBetween(0, MessageLimits.PageMaxOffset);
        RuleFor(x => x.Limit).InclusiveBetween(1, MessageLimits.PageMaxLimit);
    }
}

internal sealed class ListBulkRecipientsHandler(
    IDbSession db, ClinicContext clinic, BulkMessageStore store, IPatientDirectory patients, INotificationDeliveries deliveries, IAuditLog audit)
    : IRequestHandler<ListBulkRecipientsQuery, Result<BulkRecipientPage>>
{
    public async Task<Result<BulkRecipientPage>> Handle(ListBulkRecipientsQuery request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clinic.ClinicId, request.Id, forUpdate: false, cancellationToken) is null)
        {
            return BulkMessageErrors.NotFound;
        }

        var rows = await db.QueryAsync<RecipientRow>(
            """
            select r.patient_id, r.state, r.skip_reason, r.conversation_id, r.message_id
            from messaging.bulk_message_recipients r
            where r.bulk_message_id = @Id and r.clinic_id = @ClinicId and (@State = 'all' or r.state = @State)
            order by r.state, r.patient_id
            limit @Take offset @Offset
            """,
            new { request.Id, clinic.ClinicId, request.State, Take = request.Limit + 1, request.Offset },
            cancellationToken);
        var page = rows.Take(request.Limit).ToList();
        var names = (await patients.GetContactDetailsAsync(clinic.ClinicId, page.Select(r => r.PatientId).ToList(), cancellationToken))
            .ToDictionary(p => p.PatientId, p => p.DisplayName);
        var keys = page.Where(r => r.MessageId is not null).Select(r => MessagingTemplates.NewMessageKey(r.MessageId!.Value)).ToList();
        var byKey = (await deliveries.GetByKeysAsync(keys, cancellationToken)).ToLookup(d => d.DeduplicationKey);
        var items = page.Select(r => new BulkRecipientView(
                r.PatientId,
                names.GetValueOrDefault(r.PatientId),
                r.State,
                r.SkipReason,
                r.ConversationId,
                r.MessageId is { } messageId
                    ? byKey[MessagingTemplates.NewMessageKey(messageId)]
                        .Select(d => new BulkRecipientDelivery(d.Channel, d.Recipient, d.State, d.Reason, d.UpdatedAt)).ToList()
                    : []))
            .ToList();
        await audit.RecordAsync(
            new AuditEvent(BulkMessageAudit.RecipientsViewed, clinic.ClinicId, BulkMessageAudit.Target, request.Id.ToString(),
                new { state = request.State, results = items.Count }),
            cancellationToken);
        return new BulkRecipientPage(items, request.Offset, request.Limit, rows.Count > request.Limit);
    }

    private sealed record RecipientRow(Guid PatientId, string State, string? SkipReason, Guid? ConversationId, Guid? MessageId);
}

internal sealed class ListBulkRecipientsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapGet("/bulk/{id:guid}/recipients", async Task<Results<Ok<BulkRecipientPage>, ErrorHttpResult>> (
                    Guid id, string? state, int? offset, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(
                    new ListBulkRecipientsQuery(id, state ?? "all", offset ?? 0, limit ?? MessageLimits.PageDefaultLimit), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("ListBulkMessageRecipients")
            .ValidatedAs<ListBulkRecipientsQuery>()
            .WithSummary("The patients a bulk message has reached so far: those sent it with their notification's delivery state, and those skipped with the reason.")
            .WithDescription("For the clinic's staff; another clinic's bulk message is 404. Sent patients come first, then the skipped, each in patient order.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
