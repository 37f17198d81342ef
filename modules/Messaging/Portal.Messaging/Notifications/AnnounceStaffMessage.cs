using MediatR;
using Portal.Identity.Contracts;
using Portal.Messaging.Contracts;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Notifications;

/// <summary>
/// Tells the patient a staff message waits (M2): a Read message link to that conversation with a quick
/// passcode (I2), by the patient's preferred channel and in their language, queued in the sending
/// transaction so a send that rolls back tells nobody (R1). A patient who cannot sign in (no portal
/// access, inactive, the clinic's portal off) or has no address for the preferred channel is not told.
/// </summary>
internal sealed class AnnounceStaffMessage(
    IPatientDirectory patients,
    IPortalSettings settings,
    IPatientLinks links,
    INotificationOutbox outbox,
    ClinicContext clinic) : INotificationHandler<StaffMessageSent>
{
    public async Task Handle(StaffMessageSent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var details = await patients.GetContactDetailsAsync(notification.ClinicId, notification.PatientId, cancellationToken);
        var portal = await settings.GetAsync(notification.ClinicId, cancellationToken);
        if (details is not { Active: true, PortalAccess: true } || portal is not { PortalEnabled: true })
        {
            return;
        }

        var recipient = NotificationRecipient.Preferred(
            details.Preference != ContactPreference.Sms, details.Preference != ContactPreference.Email, details.Email, details.Mobile);
        if (recipient is null)
        {
            return;
        }

        var link = await links.IssueAsync(notification.ClinicId, notification.PatientId, $"messages/{notification.ConversationId}", cancellationToken);
        await outbox.EnqueueAsync(
            new NotificationRequest(
                MessagingTemplates.NewMessage,
                notification.ClinicId,
                recipient.Channels,
                recipient.Email,
                recipient.Phone,
                details.Language,
                new Dictionary<string, string>
                {
                    ["clinic"] = clinic.Clinic.Name,
                    ["link"] = link.Url.ToString(),
                    ["passcode"] = link.Passcode,
                    ["validity"] = Durations.Describe(TimeSpan.FromMinutes(portal.PasscodeTimeoutMinutes), details.Language),
                },
                MessagingTemplates.NewMessageKey(notification.MessageId)),
            cancellationToken);
    }
}
