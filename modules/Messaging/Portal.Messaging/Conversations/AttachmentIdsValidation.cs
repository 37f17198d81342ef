using FluentValidation;

namespace Portal.Messaging.Conversations;

internal static class AttachmentIdsValidation
{
    /// <summary>At most ten chart documents, each named once; the list may be left out.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> ValidAttachmentIds<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule) =>
        rule.Must(ids => ids is null || ids.Count <= MessageLimits.AttachmentsMax)
            .WithErrorCode("too_many_attachments").WithMessage($"Attach at most {MessageLimits.AttachmentsMax} documents.")
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Count)
            .WithErrorCode("duplicate_attachment").WithMessage("Attach each document once.")
            .Must(ids => ids is null || !ids.Contains(Guid.Empty))
            .WithErrorCode("unknown_document").WithMessage("Attach only documents from this patient's chart.");
}
