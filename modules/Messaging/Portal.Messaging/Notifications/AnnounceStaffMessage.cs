using MediatR;
using Portal.Messaging.Contracts;
using Portal.Registration.Contracts;

namespace Portal.Messaging.Notifications;

/// <summary>
/// Tells the patient a staff message waits (M2), through <see cref="NewMessageAnnouncer"/>. A patient who cannot
/// sign in (no portal access, inactive, the clinic's portal off) or has no address for the preferred channel is not told.
/// </summary>
internal sealed class AnnounceStaffMessage(IPatientDirectory patients, NewMessageAnnouncer announcer) : INotificationHandler<StaffMessageSent>
{
    public async Task Handle(StaffMessageSent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (await patients.GetContactDetailsAsync(notification.ClinicId, notification.PatientId, cancellationToken) is not { } details)
        {
            return;
        }

        await announcer.AnnounceAsync(
            notification.ClinicId, [new NewMessageAnnouncement(details, notification.ConversationId, notification.MessageId)], cancellationToken);
    }
}
