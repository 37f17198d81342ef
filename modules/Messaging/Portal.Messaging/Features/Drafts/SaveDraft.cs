using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Messaging.Conversations;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Drafts;

/// <summary>A new draft: of a new conversation with <see cref="PatientId"/>, or of a reply in <see cref="ConversationId"/> (exactly one of them).</summary>
/// <param name="AttachmentIds">Up to 10 documents of the patient's chart to send with it, in order.</param>
internal sealed record CreateDraftCommand(
    Guid? PatientId, Guid? ConversationId, string? Subject, string Body, bool AllowReplies, IReadOnlyList<Guid>? AttachmentIds = null) : ICommand<DraftView>;

internal sealed class CreateDraftValidator : AbstractValidator<CreateDraftCommand>
{
    public CreateDraftValidator()
    {
        RuleFor(x => x.PatientId).Must((draft, patientId) => (patientId is null) != (draft.ConversationId is null))
            .WithMessage("Give either a patient (a new conversation) or a conversation (a reply), not both.").WithErrorCode("one_target");
        RuleFor(x => x.Subject).MaximumLength(MessageLimits.SubjectMaxLength);
        RuleFor(x => x.Body).NotNull().MaximumLength(MessageLimits.BodyMaxLength);
        RuleFor(x => x.AttachmentIds).ValidAttachmentIds();
    }
}

/// <summary>Saves what staff have written so far; only sending makes it visible to the patient.</summary>
/// <param name="AttachmentIds">The documents the draft attaches from now on; left out, it attaches none.</param>
internal sealed record UpdateDraftBody(string? Subject, string Body, bool AllowReplies, int Version, IReadOnlyList<Guid>? AttachmentIds = null);

internal sealed record UpdateDraftCommand(Guid DraftId, string? Subject, string Body, bool AllowReplies, int Version, IReadOnlyList<Guid>? AttachmentIds = null)
    : ICommand<DraftView>;

internal sealed class UpdateDraftValidator : AbstractValidator<UpdateDraftCommand>
{
    public UpdateDraftValidator()
    {
        RuleFor(x => x.Subject).MaximumLength(MessageLimits.SubjectMaxLength);
        RuleFor(x => x.Body).NotNull().MaximumLength(MessageLimits.BodyMaxLength);
        RuleFor(x => x.Version).GreaterThan(0);
        RuleFor(x => x.AttachmentIds).ValidAttachmentIds();
    }
}

internal sealed class CreateDraftHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, ConversationStore store, IPatientDirectory patients, IPortalSettings settings,
    ConversationViews views, MessageAttachments attachments, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateDraftCommand, Result<DraftView>>
{
    public async Task<Result<DraftView>> Handle(CreateDraftCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        Guid patientId;
        if (request.ConversationId is { } conversationId)
        {
            var conversation = await store.FindAsync(clinicId, conversationId, forUpdate: false, cancellationToken);
            if (conversation is null)
            {
                return MessagingErrors.UnknownConversation;
            }

            patientId = conversation.PatientId;
        }
        else
        {
            patientId = request.PatientId!.Value;
            if (await patients.GetContactDetailsAsync(clinicId, patientId, cancellationToken) is null)
            {
                return MessagingErrors.UnknownPatient;
            }

            var replies = (await settings.GetAsync(clinicId, cancellationToken))?.PatientRepliesEnabled ?? false;
            if (AllowRepliesRule.Refusal(request.AllowReplies, replies) is { } refusal)
            {
                return refusal;
            }
        }

        var attachmentIds = request.AttachmentIds ?? [];
        if (await attachments.RefusalAsync(clinicId, patientId, attachmentIds, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var row = new DraftRow(
            Guid.CreateVersion7(now), clinicId, actor.Actor.Id!.Value, patientId, request.ConversationId,
            request.ConversationId is null ? request.Subject : null, request.Body, request.ConversationId is null && request.AllowReplies, now, now, 1);
        await db.ExecuteAsync(
            """
            insert into messaging.drafts
                (id, clinic_id, author_staff_id, patient_id, conversation_id, subject, body, allow_replies, created_at, updated_at, version)
            values (@Id, @ClinicId, @AuthorStaffId, @PatientId, @ConversationId, @Subject, @Body, @AllowReplies, @CreatedAt, @UpdatedAt, @Version)
            """,
            row,
            cancellationToken);
        await attachments.ReplaceOnDraftAsync(row.Id, attachmentIds, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.DraftSaved, clinicId, MessagingAudit.DraftTarget, row.Id.ToString(), new { patientId, created = true, attachmentIds }),
            cancellationToken);
        return (await DraftRows.ViewsAsync(views, attachments, clinicId, [row], cancellationToken))[0];
    }
}

internal sealed class UpdateDraftHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, IPortalSettings settings, ConversationViews views, MessageAttachments attachments,
    IAuditLog audit, TimeProvider clock)
    : IRequestHandler<UpdateDraftCommand, Result<DraftView>>
{
    public async Task<Result<DraftView>> Handle(UpdateDraftCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var draft = await DraftRows.FindAsync(db, clinicId, actor.Actor.Id!.Value, request.DraftId, forUpdate: true, cancellationToken);
        if (draft is null)
        {
            return MessagingErrors.DraftNotFound;
        }

        if (draft.Version != request.Version)
        {
            return MessagingErrors.DraftChanged;
        }

        var isReply = draft.ConversationId is not null;
        if (!isReply)
        {
            var replies = (await settings.GetAsync(clinicId, cancellationToken))?.PatientRepliesEnabled ?? false;
            if (AllowRepliesRule.Refusal(request.AllowReplies, replies) is { } refusal)
            {
                return refusal;
            }
        }

        var attachmentIds = request.AttachmentIds ?? [];
        if (await attachments.RefusalAsync(clinicId, draft.PatientId, attachmentIds, cancellationToken) is { } refused)
        {
            return refused;
        }

        var updated = draft with
        {
            Subject = isReply ? null : request.Subject,
            Body = request.Body,
            AllowReplies = !isReply && request.AllowReplies,
            UpdatedAt = clock.GetUtcNow(),
            Version = draft.Version + 1,
        };
        await db.ExecuteAsync(
            """
            update messaging.drafts set subject = @Subject, body = @Body, allow_replies = @AllowReplies, updated_at = @UpdatedAt, version = @Version
            where clinic_id = @ClinicId and id = @Id
            """,
            updated,
            cancellationToken);
        await attachments.ReplaceOnDraftAsync(draft.Id, attachmentIds, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.DraftSaved, clinicId, MessagingAudit.DraftTarget, draft.Id.ToString(), new { draft.PatientId, created = false, attachmentIds }),
            cancellationToken);
        return (await DraftRows.ViewsAsync(views, attachments, clinicId, [updated], cancellationToken))[0];
    }
}

internal sealed class SaveDraftEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var drafts = app.MapStaffMessaging("/drafts");
        drafts.MapPost("/", async Task<Results<Created<DraftView>, ErrorHttpResult>> (
                    CreateDraftCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken))
                .ToHttp(view => TypedResults.Created(MessagingLocations.Draft(clinic, view.Id), view)))
            .WithName("CreateDraft")
            .ValidatedAs<CreateDraftCommand>()
            .WithSummary("Saves an unsent message: a new conversation with a patient (patientId) or a reply in a conversation (conversationId).")
            .WithDescription("Drafts are seen only by their author and never by the patient; allowReplies may be true only while the clinic accepts replies (S4). " +
                "attachmentIds names up to 10 distinct documents of the patient's chart (400 unknown_document otherwise).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        drafts.MapPut("/{id:guid}", async Task<Results<Ok<DraftView>, ErrorHttpResult>> (
                    Guid id, UpdateDraftBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new UpdateDraftCommand(id, body.Subject, body.Body, body.AllowReplies, body.Version, body.AttachmentIds), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .WithName("UpdateDraft")
            .ValidatedAs<UpdateDraftCommand>()
            .WithSummary("Changes one of the caller's drafts; version must be the one last read, else 409 draft_changed.")
            .WithDescription("Replaces the subject, body, Allow replies and attachments (attachmentIds, the patient's chart documents; left out means none).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
