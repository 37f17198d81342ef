namespace Portal.Identity.Contracts;

/// <summary>
/// A notification link just issued. Only hashes of <paramref name="Token"/> and <paramref name="Passcode"/>
/// are kept: the caller puts them in its notification and nowhere else (no log, no table).
/// </summary>
/// <param name="Token">The link's secret (256 random bits, URL-safe), the last segment of <paramref name="Url"/>.</param>
/// <param name="Passcode">The quick passcode: six digits, one-time, bound to this link.</param>
/// <param name="ExpiresAt">When the quick passcode stops working: the clinic's S8 timeout from now.</param>
/// <param name="Url">The page that opens the link: <c>{PublicUrl}/{clinic}/m/{token}</c>.</param>
public sealed record IssuedPatientLink(string Token, string Passcode, DateTimeOffset ExpiresAt, Uri Url);

/// <summary>
/// Links in notifications that sign a patient in to one place of the portal (I2 to I4, S8, S10, P9, P10):
/// the page asks for the quick passcode or an ID, and the date of birth, and then opens <c>target</c>.
/// </summary>
public interface IPatientLinks
{
    /// <summary>
    /// Issues a link and its quick passcode for a patient of the clinic, in the caller's transaction when
    /// one is open (so a rolled-back send leaves no link). <paramref name="target"/> is where the web app
    /// goes after sign-in, a relative path inside the clinic's portal such as <c>messages/{conversationId}</c>.
    /// </summary>
    Task<IssuedPatientLink> IssueAsync(Guid clinicId, Guid patientId, string target, CancellationToken cancellationToken);

    /// <summary>
    /// Issues one link per request, as <see cref="IssueAsync"/> does, with one insert for them all (a bulk
    /// message to thousands of patients); the links come back in the order asked.
    /// </summary>
    Task<IReadOnlyList<IssuedPatientLink>> IssueManyAsync(Guid clinicId, IReadOnlyList<PatientLinkRequest> requests, CancellationToken cancellationToken);
}

/// <summary>A link to issue: for which patient, and where it opens.</summary>
public sealed record PatientLinkRequest(Guid PatientId, string Target);

/// <summary>Where a link token opens.</summary>
public static class PatientLinkUrls
{
    /// <summary><c>{publicUrl}/{clinicSlug}/m/{token}</c>.</summary>
    public static Uri Build(Uri publicUrl, string clinicSlug, string token)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return new Uri($"{publicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinicSlug)}/m/{Uri.EscapeDataString(token)}");
    }
}
