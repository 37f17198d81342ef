using Microsoft.Extensions.Caching.Memory;
using Portal.Shared.Caching;

namespace Portal.Registration.Directory;

/// <summary>
/// This host's copy of the patients' names other modules show (the inbox, a conversation, an invoice), each patient's kept once
/// read. A trigger on <c>registration.patients</c> (migration 0007) notifies the clinic on <see cref="ChannelName"/> when a
/// patient's name changes or the patient is removed, whoever writes it, and every host's listener then drops the clinic's names
/// (<see cref="ClinicCacheInvalidation"/>, ADR 7); the host that saved a patient drops them as soon as it commits.
/// </summary>
internal sealed class PatientNamesCache(IMemoryCache cache) : ClinicCache(cache, Lifetime)
{
    public const string ChannelName = "registration_patient_names_changed";

    // A safety net for a notification lost while the listener reconnects; also what bounds the copy to the patients seen lately.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
}
