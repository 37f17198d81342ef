using Portal.Identity.Contracts;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Notifications;

/// <summary>A staff message to announce to its patient, with the patient's contact details as the registry gave them.</summary>
internal sealed record NewMessageAnnouncement(PatientContactDetails Patient, Guid ConversationId, Guid MessageId);

/// <summary>Why a patient is not told of a message, or null when they can be.</summary>
internal static class AnnouncementRule
{
    public const string NoPortalAccess = "no_portal_access";
    public const string Inactive = "inactive";
    public const string NoUsableContact = "no_usable_contact";

    public static string? Refusal(PatientContactDetails patient, bool portalEnabled) =>
        !patient.Active ? Inactive
        : !patient.PortalAccess || !portalEnabled ? NoPortalAccess
        : RecipientOf(patient) is null ? NoUsableContact
        : null;

    public static NotificationRecipient? RecipientOf(PatientContactDetails patient) =>
        NotificationRecipient.Preferred(
            patient.Preference != ContactPreference.Sms, patient.Preference != ContactPreference.Email, patient.Email, patient.Mobile);
}

/// <summary>
/// Tells patients a staff message waits (M2): a Read message link to its conversation with a quick passcode
/// (I2), by each patient's preferred channel and in their language, under the message's deduplication key,
/// queued in the caller's transaction so a send that rolls back tells nobody (R1). One insert of links and one
/// of notifications however many messages: a single compose and a bulk message go the same way.
/// </summary>
internal sealed class NewMessageAnnouncer(IPortalSettings settings, IClinicDirectory clinics, IPatientLinks links, INotificationOutbox outbox)
{
    /// <summary>Queues the notifications of those who can be told (see <see cref="AnnouncementRule"/>); returns how many were queued.</summary>
    public async Task<int> AnnounceAsync(Guid clinicId, IReadOnlyList<NewMessageAnnouncement> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var portal = await settings.GetAsync(clinicId, cancellationToken);
        var told = messages
            .Where(m => AnnouncementRule.Refusal(m.Patient, portal is { PortalEnabled: true }) is null)
            .ToList();
        if (told.Count == 0 || portal is null)
        {
            return 0;
        }

        var clinic = await clinics.FindByIdAsync(clinicId, cancellationToken)
            ?? throw new ArgumentException("There is no such clinic.", nameof(clinicId));
        var issued = await links.IssueManyAsync(
            clinicId, told.Select(m => new PatientLinkRequest(m.Patient.PatientId, $"messages/{m.ConversationId}")).ToList(), cancellationToken);
        var lifetime = TimeSpan.FromMinutes(portal.PasscodeTimeoutMinutes);
        var requests = told.Select((message, i) =>
        {
            var recipient = AnnouncementRule.RecipientOf(message.Patient)!;
            return new NotificationRequest(
                MessagingTemplates.NewMessage,
                clinicId,
                recipient.Channels,
                recipient.Email,
                recipient.Phone,
                message.Patient.Language,
                new Dictionary<string, string>
                {
                    ["clinic"] = clinic.Name,
                    ["link"] = issued[i].Url.ToString(),
                    ["passcode"] = issued[i].Passcode,
                    ["validity"] = Durations.Describe(lifetime, message.Patient.Language),
                },
                MessagingTemplates.NewMessageKey(message.MessageId));
        }).ToList();
        await outbox.EnqueueManyAsync(requests, cancellationToken);
        return told.Count;
    }
}
