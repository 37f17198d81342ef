namespace Portal.Identity.Contracts;

/// <summary>A passcode just made: the six digits to send, and the keyed hash that is all the caller may keep.</summary>
public sealed record IssuedPasscode(string Passcode, byte[] Hash);

/// <summary>
/// Passcodes that prove a person controls an email address or mobile number, for modules that keep
/// their own pending step (self-registration): the same generator, keyed hash and attempt rules as
/// patient sign-in (P1 to P4, P6), so no module writes its own.
/// </summary>
public interface IContactPasscodes
{
    /// <summary>How long a passcode works (P6).</summary>
    TimeSpan Lifetime { get; }

    /// <summary>Wrong passcodes one pending step takes; the next try is refused even when right (P4).</summary>
    int WrongAttemptsAllowed { get; }

    /// <summary>Passcodes sent to one contact point in <see cref="SendWindow"/> (P8).</summary>
    int SendsPerWindow { get; }

    TimeSpan SendWindow { get; }

    /// <summary>A new passcode bound to <paramref name="boundTo"/> (P3): its hash matches no other id.</summary>
    Task<IssuedPasscode> IssueAsync(Guid boundTo, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="passcode"/> is the one issued for <paramref name="boundTo"/>, compared in fixed time.</summary>
    Task<bool> MatchesAsync(Guid boundTo, string passcode, byte[] hash, CancellationToken cancellationToken);

    /// <summary>A key for counting sends to a contact point at a clinic, without keeping the contact point itself.</summary>
    string ContactKey(Guid clinicId, string normalizedContact);
}
