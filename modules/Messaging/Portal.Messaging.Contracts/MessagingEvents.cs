using Portal.Shared.Events;

namespace Portal.Messaging.Contracts;

/// <summary>
/// A staff member's message was sent to a patient (a new conversation or a reply). Published inside the
/// sending transaction: a handler's outbox rows commit or roll back with the message.
/// </summary>
public sealed record StaffMessageSent(Guid ClinicId, Guid PatientId, Guid ConversationId, Guid MessageId, bool NewConversation) : IIntegrationEvent;

/// <summary>A patient replied in a conversation.</summary>
public sealed record PatientReplied(Guid ClinicId, Guid PatientId, Guid ConversationId, Guid MessageId) : IIntegrationEvent;
