namespace Portal.Messaging.Conversations;

/// <summary>Audit actions of the Messaging module (checklist A5). Details never carry a subject or a body.</summary>
internal static class MessagingAudit
{
    public const string ConversationTarget = "conversation";
    public const string DraftTarget = "message_draft";

    public const string ConversationsListed = "messaging.conversations.listed";
    public const string ConversationViewed = "messaging.conversation.viewed";
    public const string MessageSent = "messaging.message.sent";
    public const string Assigned = "messaging.conversation.assigned";
    public const string StatusChanged = "messaging.conversation.status_changed";
    public const string DraftSaved = "messaging.draft.saved";
    public const string DraftViewed = "messaging.draft.viewed";
    public const string DraftDeleted = "messaging.draft.deleted";
    public const string UploadRequested = "messaging.upload_request.sent";
    public const string PhotosSent = "messaging.upload_request.answered";
}
