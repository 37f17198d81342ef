using Portal.Shared.Results;

namespace Portal.Messaging.Conversations;

/// <summary>
/// Whether a patient may reply (S4): the conversation must allow replies (set by its first message), the
/// clinic must accept replies now, and the conversation must be open.
/// </summary>
internal static class PatientReplyRule
{
    /// <summary>Why the patient may not reply, or null when they may.</summary>
    public static Error? Refusal(string status, bool conversationAllowsReplies, bool clinicAcceptsReplies) =>
        status != ConversationStatus.Open ? MessagingErrors.ConversationClosed
        : !conversationAllowsReplies ? MessagingErrors.RepliesNotAllowed
        : !clinicAcceptsReplies ? MessagingErrors.RepliesTurnedOff
        : null;

    public static bool Allows(string status, bool conversationAllowsReplies, bool clinicAcceptsReplies) =>
        Refusal(status, conversationAllowsReplies, clinicAcceptsReplies) is null;
}

/// <summary>"Allow replies" on a new message may be ticked only while the clinic accepts replies (S4).</summary>
internal static class AllowRepliesRule
{
    public static Error? Refusal(bool allowReplies, bool clinicAcceptsReplies) =>
        allowReplies && !clinicAcceptsReplies ? MessagingErrors.RepliesDisabledByClinic : null;
}

internal static class ConversationStatus
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [Open, Closed];
}
