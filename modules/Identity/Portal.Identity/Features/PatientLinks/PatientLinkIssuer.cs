using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Patients;
using Portal.Settings.Contracts;
using Portal.Shared;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Features.PatientLinks;

/// <summary>Issues notification links for other modules (Messaging), in their transaction.</summary>
internal sealed class PatientLinkIssuer(
    PatientLinkStore links,
    PasscodeHasher hasher,
    IPortalSettings settings,
    IClinicDirectory clinics,
    IOptions<PortalOptions> options,
    TimeProvider clock) : IPatientLinks
{
    public async Task<IssuedPatientLink> IssueAsync(Guid clinicId, Guid patientId, string target, CancellationToken cancellationToken) =>
        (await IssueManyAsync(clinicId, [new PatientLinkRequest(patientId, target)], cancellationToken))[0];

    public async Task<IReadOnlyList<IssuedPatientLink>> IssueManyAsync(
        Guid clinicId, IReadOnlyList<PatientLinkRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Any(r => !PatientLinkRules.IsValidTarget(r.Target)))
        {
            throw new ArgumentException("A link target is a relative path inside the portal, such as messages/{id}.", nameof(requests));
        }

        if (requests.Count == 0)
        {
            return [];
        }

        var clinic = await clinics.FindByIdAsync(clinicId, cancellationToken)
            ?? throw new ArgumentException("There is no such clinic.", nameof(clinicId));
        var now = clock.GetUtcNow();
        var expiresAt = now + await PasscodeLifetimeAsync(settings, clinicId, cancellationToken);
        var rows = new List<NewPatientLink>(requests.Count);
        var issued = new List<IssuedPatientLink>(requests.Count);
        foreach (var request in requests)
        {
            var passcodeId = Guid.CreateVersion7(now);
            var token = SecureTokens.Create();
            var passcode = PasscodeHasher.NewPasscode();
            rows.Add(new NewPatientLink(
                Guid.CreateVersion7(now), SecureTokens.Hash(token), request.PatientId, request.Target, passcodeId,
                await hasher.HashAsync(passcodeId, passcode, cancellationToken)));
            issued.Add(new IssuedPatientLink(token, passcode, expiresAt, PatientLinkUrls.Build(options.Value.PublicUrl, clinic.Slug, token)));
        }

        await links.InsertManyAsync(clinicId, rows, now, expiresAt, cancellationToken);
        return issued;
    }

    /// <summary>The clinic's S8 timeout: how long a quick passcode works (P6).</summary>
    public static async Task<TimeSpan> PasscodeLifetimeAsync(IPortalSettings settings, Guid clinicId, CancellationToken cancellationToken)
    {
        var portal = await settings.GetAsync(clinicId, cancellationToken);
        return TimeSpan.FromMinutes(portal?.PasscodeTimeoutMinutes ?? PasscodeTimeouts.DefaultMinutes);
    }
}
