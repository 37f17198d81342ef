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
    public async Task<IssuedPatientLink> IssueAsync(Guid clinicId, Guid patientId, string target, CancellationToken cancellationToken)
    {
        if (!PatientLinkRules.IsValidTarget(target))
        {
            throw new ArgumentException("A link target is a relative path inside the portal, such as messages/{id}.", nameof(target));
        }

        var clinic = await clinics.FindByIdAsync(clinicId, cancellationToken)
            ?? throw new ArgumentException("There is no such clinic.", nameof(clinicId));
        var now = clock.GetUtcNow();
        var expiresAt = now + await PasscodeLifetimeAsync(settings, clinicId, cancellationToken);
        var id = Guid.CreateVersion7(now);
        var passcodeId = Guid.CreateVersion7(now);
        var token = SecureTokens.Create();
        var passcode = PasscodeHasher.NewPasscode();
        await links.InsertAsync(
            id, SecureTokens.Hash(token), clinicId, patientId, target, passcodeId, await hasher.HashAsync(passcodeId, passcode, cancellationToken),
            now, expiresAt, cancellationToken);
        return new IssuedPatientLink(token, passcode, expiresAt, PatientLinkUrls.Build(options.Value.PublicUrl, clinic.Slug, token));
    }

    /// <summary>The clinic's S8 timeout: how long a quick passcode works (P6).</summary>
    public static async Task<TimeSpan> PasscodeLifetimeAsync(IPortalSettings settings, Guid clinicId, CancellationToken cancellationToken)
    {
        var portal = await settings.GetAsync(clinicId, cancellationToken);
        return TimeSpan.FromMinutes(portal?.PasscodeTimeoutMinutes ?? PasscodeTimeouts.DefaultMinutes);
    }
}
