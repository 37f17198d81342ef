using Microsoft.Extensions.Options;
using Portal.Notifications;
using Portal.Registration.Contracts;
using Portal.Shared;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.SelfRegistration;

/// <summary>Sends self-registration's notices to a patient by the channel they chose, with the portal's sign-in address.</summary>
internal sealed class SelfRegistrationNotices(INotificationOutbox outbox, IPatientDirectory patients, IOptions<PortalOptions> options)
{
    /// <summary>The clinic's sign-in page: a plain address, which opens nothing by itself.</summary>
    public string SignInLink(ClinicRef clinic)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        return $"{options.Value.PublicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinic.Slug)}/";
    }

    /// <summary>Queues the template to the patient's contact of record, by their preferred channel; nothing when the chart has no contact point.</summary>
    public async Task ToPatientAsync(
        ClinicRef clinic, Guid patientId, string template, IReadOnlyDictionary<string, string> data, string deduplicationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        var details = await patients.GetContactDetailsAsync(clinic.Id, patientId, cancellationToken);
        if (details is null)
        {
            return;
        }

        var email = details.Preference != ContactPreference.Sms || details.Mobile is null ? details.Email : null;
        var phone = details.Preference != ContactPreference.Email || details.Email is null ? details.Mobile : null;
        var channels = (email is null ? 0 : NotificationChannels.Email) | (phone is null ? 0 : NotificationChannels.Sms);
        if (channels == 0)
        {
            return;
        }

        await outbox.EnqueueAsync(
            new NotificationRequest(template, clinic.Id, channels, email, phone, details.Language, data, deduplicationKey),
            cancellationToken);
    }
}
