using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Appointments.Visits;

/// <summary>
/// The STUN and TURN servers browsers use to connect a visit (<c>Appointments:Visits:Ice</c>). None by default: two browsers
/// that reach each other directly need none, and Portal calls no outside service unless told to.
/// </summary>
internal sealed class IceOptions
{
    /// <summary>e.g. <c>stun:turn.example.org:3478</c>.</summary>
    public List<string> StunUrls { get; set; } = [];

    /// <summary>e.g. <c>turn:turn.example.org:3478?transport=udp</c>, <c>turns:turn.example.org:5349</c>.</summary>
    public List<string> TurnUrls { get; set; } = [];

    /// <summary>coturn's <c>static-auth-secret</c> (its <c>use-auth-secret</c> REST scheme); TURN is offered only when set.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>The longest a TURN credential lives; it never outlives the visit's room.</summary>
    public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(2);
}

/// <param name="Username">For TURN: the credential's expiry (Unix seconds) and the participant, as coturn's REST scheme reads it.</param>
/// <param name="Credential">For TURN: base64 of HMAC-SHA1 of the username under the shared secret.</param>
internal sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

/// <summary>The ICE servers for one participant, with TURN credentials that expire with the room (V1).</summary>
internal sealed class IceServers(IOptions<IceOptions> options, TimeProvider clock)
{
    public IReadOnlyList<IceServer> For(Guid participantId, DateTimeOffset roomClosesAt)
    {
        var ice = options.Value;
        var servers = new List<IceServer>();
        if (ice.StunUrls.Count > 0)
        {
            servers.Add(new IceServer(ice.StunUrls));
        }

        if (ice.TurnUrls.Count > 0 && !string.IsNullOrEmpty(ice.TurnSecret))
        {
            var longest = clock.GetUtcNow() + ice.TurnCredentialLifetime;
            var expires = roomClosesAt < longest ? roomClosesAt : longest;
            var username = TurnUsername(expires, participantId);
            servers.Add(new IceServer(ice.TurnUrls, username, TurnCredential(ice.TurnSecret, username)));
        }

        return servers;
    }

    public static string TurnUsername(DateTimeOffset expires, Guid participantId) =>
        string.Create(CultureInfo.InvariantCulture, $"{expires.ToUnixTimeSeconds()}:{participantId:N}");

    /// <summary>coturn's check: base64(HMAC-SHA1(static-auth-secret, username)).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "coturn's REST scheme is defined with HMAC-SHA1.")]
    public static string TurnCredential(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
