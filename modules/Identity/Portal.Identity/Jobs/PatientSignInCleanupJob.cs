using Microsoft.Extensions.Logging;
using Portal.Identity.Patients;
using Portal.Shared.Jobs;

namespace Portal.Identity.Jobs;

/// <summary>
/// Marks expired sign-in attempts, deletes old ones and ends patient sessions past their limits.
/// Expiry never depends on it (P6): every passcode check and every request checks the limits itself.
/// </summary>
[RecurringJob("identity.passcode-expiry", "every 00:05:00", Description = "Ends expired passcode attempts and patient sessions; deletes attempts and notification links after 30 days.")]
internal sealed class PatientSignInCleanupJob(
    PatientSignInAttempts attempts, PatientSessions sessions, PatientLinkStore links, TimeProvider clock, ILogger<PatientSignInCleanupJob> logger) : IRecurringJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (expired, deleted) = await attempts.TidyAsync(now, cancellationToken);
        var ended = await sessions.EndExpiredAsync(now, cancellationToken);
        var oldLinks = await links.DeleteOldAsync(now, cancellationToken);
        if (expired + deleted + ended + oldLinks > 0)
        {
            logger.LogInformation(
                "Passcode attempts: {Expired} expired, {Deleted} deleted; patient sessions ended: {Ended}; notification links deleted: {Links}",
                expired, deleted, ended, oldLinks);
        }
    }
}
