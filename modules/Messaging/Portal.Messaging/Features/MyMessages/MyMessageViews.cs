using Portal.Messaging.Conversations;
using Portal.Messaging.Features.UploadRequests;

namespace Portal.Messaging.Features.MyMessages;

/// <summary>A conversation in the patient's Messages list.</summary>
/// <param name="UnreadMessages">Messages from the clinic the patient has not opened yet.</param>
/// <param name="CanReply">Whether the reply box is offered: open, replies allowed, and the clinic accepts replies (S4).</param>
internal sealed record MyConversationItem(Guid Id, string Subject, bool Closed, bool CanReply, int UnreadMessages, DateTimeOffset LastMessageAt);

/// <param name="UnreadConversations">Conversations with messages the patient has not opened, in all pages.</param>
internal sealed record MyConversationList(IReadOnlyList<MyConversationItem> Items, int UnreadConversations, int Offset, int Limit, bool HasMore);

/// <param name="FromClinic">True for the clinic's messages, false for the patient's own replies.</param>
/// <param name="AuthorName">For the clinic's messages, the staff member who wrote it.</param>
/// <param name="IsNew">A message from the clinic that this opening showed for the first time.</param>
/// <param name="ReadByClinicAt">For the patient's own replies, when the clinic first read it.</param>
/// <param name="Attachments">Documents the clinic sent with the message, or the photos the patient sent; each opens at <c>/portal/messages/{conversationId}/attachments/{documentId}</c>.</param>
/// <param name="Kind"><c>text</c>, <c>upload_request</c> (the clinic asks for photos) or <c>photos</c> (the patient's photos answering a request).</param>
/// <param name="UploadRequest">For an upload_request message, the request and where it stands; photos are sent to it while it is open.</param>
internal sealed record MyMessage(
    Guid Id, bool FromClinic, string? AuthorName, string Body, DateTimeOffset SentAt, bool IsNew, DateTimeOffset? ReadByClinicAt,
    IReadOnlyList<MessageAttachmentView> Attachments, string Kind, UploadRequestView? UploadRequest);

internal sealed record MyConversation(Guid Id, string Subject, bool Closed, bool CanReply, IReadOnlyList<MyMessage> Messages);

/// <summary>For the home page: how many conversations and messages from the clinic are unread.</summary>
internal sealed record MyUnreadCount(int UnreadConversations, int UnreadMessages);
