using Portal.Shared.Results;

namespace Portal.Messaging.Contracts;

/// <summary>A message another module sends a patient on behalf of the signed-in staff member, as a new conversation.</summary>
/// <param name="Subject">The conversation's subject, in the patient's language.</param>
/// <param name="Body">Plain text, in the patient's language. The email or SMS that announces it carries neither.</param>
public sealed record PatientMessage(Guid PatientId, string Subject, string Body);

/// <summary>
/// Sends a patient a secure message from another module (a bill, for instance), in the caller's transaction: the message,
/// its audit entry and the notification that announces it (M2: no details in the email or SMS) commit with the caller's change.
/// </summary>
public interface IPatientMessages
{
    /// <summary>The new conversation's id; fails when the patient is not one of the clinic's.</summary>
    Task<Result<Guid>> SendAsync(Guid clinicId, PatientMessage message, CancellationToken cancellationToken);
}
