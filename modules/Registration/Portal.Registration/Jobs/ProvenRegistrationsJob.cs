using Microsoft.Extensions.Logging;
using Portal.Registration.Features.SelfRegistration;
using Portal.Shared.Jobs;

namespace Portal.Registration.Jobs;

/// <summary>
/// Settles proven registrations whose job never ran: the passcode check commits first and only then enqueues
/// the job, so a host that stops between the two leaves the registration proven with no job.
/// </summary>
[RecurringJob("registration.proven-registrations", "every 00:01:00", Description = "Settles self-registrations proven more than a minute ago whose job never ran.")]
internal sealed class ProvenRegistrationsJob(
    SelfRegistrationStore registrations, ProvenRegistrationJob settle, TimeProvider clock, ILogger<ProvenRegistrationsJob> logger) : IRecurringJob
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await registrations.ProvenBeforeAsync(clock.GetUtcNow() - Grace, cancellationToken))
        {
            if (await settle.RunAsync(id, cancellationToken))
            {
                logger.LogWarning("Self-registration {RegistrationId} was proven but never settled; settled it now", id);
            }
        }
    }
}
