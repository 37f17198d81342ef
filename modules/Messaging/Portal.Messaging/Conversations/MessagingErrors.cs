using Portal.Shared.Results;

namespace Portal.Messaging.Conversations;

internal static class MessagingErrors
{
    public static readonly Error ConversationNotFound = Error.NotFound("conversation_not_found", "There is no such conversation.");

    public static readonly Error DraftNotFound = Error.NotFound("draft_not_found", "There is no such draft.");

    public static readonly Error PatientNotFound = Error.NotFound("patient_not_found", "There is no such patient.");

    public static readonly Error UnknownPatient = Error.Field("patientId", "patient_not_found", "There is no such patient in this clinic.");

    public static readonly Error UnknownConversation = Error.Field("conversationId", "conversation_not_found", "There is no such conversation in this clinic.");

    public static readonly Error UnknownStaff = Error.Field("staffId", "staff_not_found", "That person is not a staff member of this clinic.");

    public static readonly Error RepliesDisabledByClinic = Error.Field(
        "allowReplies", "replies_disabled_by_clinic", "The clinic does not let patients reply to messages, so replies cannot be allowed.");

    public static readonly Error SubjectRequired = Error.Field("subject", "required", "A new conversation needs a subject.");

    public static readonly Error BodyRequired = Error.Field("body", "required", "Write the message first.");

    public static readonly Error ConversationClosed = Error.Conflict("conversation_closed", "This conversation is closed.");

    public static readonly Error RepliesNotAllowed = Error.Conflict("replies_not_allowed", "Replies are not allowed in this conversation.");

    public static readonly Error RepliesTurnedOff = Error.Conflict("replies_turned_off", "The clinic does not accept replies to messages at the moment.");

    public static readonly Error UnknownDocument = Error.Field(
        "attachmentIds", "unknown_document", "Attach only documents from this patient's chart.");

    public static readonly Error TooManyAttachments = Error.Field(
        "attachmentIds", "attachments_invalid", "Attach at most 10 documents, each once.");

    public static readonly Error AttachmentNotFound = Error.NotFound("attachment_not_found", "There is no such attachment.");

    public static readonly Error DraftChanged = Error.Conflict("draft_changed", "The draft was changed elsewhere since it was opened. Reload it and try again.");
}
