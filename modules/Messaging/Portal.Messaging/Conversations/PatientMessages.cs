using Portal.Messaging.Contracts;
using Portal.Shared.Results;

namespace Portal.Messaging.Conversations;

/// <summary>Other modules' messages to a patient go the one way staff messages go, replies closed.</summary>
internal sealed class PatientMessages(StaffMessageSender sender) : IPatientMessages
{
    public async Task<Result<Guid>> SendAsync(Guid clinicId, PatientMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sent = await sender.SendAsync(
            clinicId, OutgoingStaffMessage.NewConversation(message.PatientId, message.Subject, false, message.Body), cancellationToken);
        return sent.IsSuccess ? sent.Value.Conversation.Id : sent.Error!;
    }
}
