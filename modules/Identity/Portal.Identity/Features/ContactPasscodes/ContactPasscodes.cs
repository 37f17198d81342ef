using Portal.Identity.Contracts;
using Portal.Identity.Patients;

namespace Portal.Identity.Features.ContactPasscodes;

/// <summary>Sign-in's passcode rules and keyed hash, offered to other modules.</summary>
internal sealed class ContactPasscodes(PasscodeHasher hasher) : IContactPasscodes
{
    public TimeSpan Lifetime => SignInRules.SignInPasscodeLifetime;

    public int WrongAttemptsAllowed => SignInRules.WrongAttemptsAllowed;

    public int SendsPerWindow => SignInRules.SendsPerWindow;

    public TimeSpan SendWindow => SignInRules.SendWindow;

    public async Task<IssuedPasscode> IssueAsync(Guid boundTo, CancellationToken cancellationToken)
    {
        var passcode = PasscodeHasher.NewPasscode();
        return new IssuedPasscode(passcode, await hasher.HashAsync(boundTo, passcode, cancellationToken));
    }

    public Task<bool> MatchesAsync(Guid boundTo, string passcode, byte[] hash, CancellationToken cancellationToken) =>
        hasher.MatchesAsync(boundTo, passcode, hash, cancellationToken);

    public string ContactKey(Guid clinicId, string normalizedContact) => SignInRules.ContactKey(clinicId, normalizedContact);
}
