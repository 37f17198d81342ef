namespace Portal.Registration.Contracts;

public enum ContactKind
{
    Email,
    Mobile,
}

/// <summary>An email address (lower-cased) or a mobile number (E.164), as stored and matched.</summary>
public sealed record ContactPoint(ContactKind Kind, string Value);

/// <summary>How a patient wants to be told things.</summary>
public enum ContactPreference
{
    Email,
    Sms,
    Both,
}

/// <summary>The patient whose identifier and contact point were entered at sign-in.</summary>
/// <param name="MatchedContact">The stored contact point that matched what was entered, for sending the passcode.</param>
public sealed record SignInCandidate(Guid PatientId, bool Active, bool PortalAccess, ContactPoint MatchedContact);

/// <summary>Where and in which language to reach a patient.</summary>
/// <param name="DisplayName">The preferred name if any, else the legal given name, with the family name.</param>
/// <param name="Language"><c>en</c> or <c>fr</c>.</param>
public sealed record PatientContactDetails(
    Guid PatientId,
    string DisplayName,
    string Language,
    string? Email,
    string? Mobile,
    ContactPreference Preference,
    bool Active,
    bool PortalAccess);

/// <summary>What the chart says of who the patient is, for forms that fill it in for them.</summary>
public sealed record PatientIdentity(Guid PatientId, string LegalGivenName, string LegalFamilyName, DateOnly DateOfBirth);

/// <summary>
/// A group of the clinic's patients, chosen with the patient search's filters. Every filter left null
/// lets everyone through.
/// </summary>
/// <param name="Search">What the search box takes: name words, a date of birth, an identifier or chart number, a phone number or an email address.</param>
/// <param name="Active">Only active (true) or only inactive (false) charts.</param>
/// <param name="PortalAccess">Only patients with (true) or without (false) portal access.</param>
/// <param name="BornBefore">Only patients born before this date.</param>
/// <param name="BornOnOrAfter">Only patients born on or after this date.</param>
public sealed record PatientGroupFilter(string? Search, bool? Active, bool? PortalAccess, DateOnly? BornBefore, DateOnly? BornOnOrAfter);

/// <summary>A primary contact point replaced: the one it was (null when there was none) and the one it is now, normalised.</summary>
public sealed record ContactReplacement(ContactPoint? Previous, ContactPoint Current);

/// <summary>An ID type offered on the clinic's sign-in page.</summary>
/// <param name="Code">A province or territory code (<c>ON</c>) for health cards, else the clinic's own code.</param>
/// <param name="NameEn">For clinic types, their names; null for health cards, which pages name themselves.</param>
public sealed record SignInIdType(string Code, bool IsHealthCard, string? NameEn, string? NameFr);

/// <summary>
/// The patient registry as other modules see it: sign-in matching, date-of-birth checks and how
/// to reach a patient. Every call names the clinic; nothing crosses clinics.
/// </summary>
public interface IPatientDirectory
{
    /// <summary>
    /// The patient of the clinic with this identifier and this email address or mobile number, or null.
    /// Inputs are normalised as the registry stores them. A clinic's own ID types count only when the
    /// type is marked searchable and the clinic has extra searchable identifications on (S6).
    /// </summary>
    Task<SignInCandidate?> FindForSignInAsync(Guid clinicId, string idType, string idNumber, string contact, CancellationToken cancellationToken);

    /// <summary>Whether the patient's date of birth is this one.</summary>
    Task<bool> HasBirthDateAsync(Guid clinicId, Guid patientId, DateOnly dateOfBirth, CancellationToken cancellationToken);

    Task<PatientContactDetails?> GetContactDetailsAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken);

    /// <summary>The patient's legal name and date of birth, or null when they are not one of the clinic's.</summary>
    Task<PatientIdentity?> GetIdentityAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken);

    /// <summary>How to reach each of these patients of the clinic, in one query; ids of no patient of the clinic are left out.</summary>
    Task<IReadOnlyList<PatientContactDetails>> GetContactDetailsAsync(Guid clinicId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken);

    /// <summary>
    /// The name staff know each of these patients of the clinic by (preferred or legal given name, then family name), by id, in one
    /// query that reads nothing else; ids of no patient of the clinic are left out. For lists that only name their patients.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> GetDisplayNamesAsync(Guid clinicId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the group's patients after <paramref name="after"/> (from the start when null), in id order, at most
    /// <paramref name="limit"/>: a caller walks a large group in chunks, each query starting where the last one stopped.
    /// </summary>
    Task<IReadOnlyList<Guid>> SelectGroupAsync(Guid clinicId, PatientGroupFilter filter, Guid? after, int limit, CancellationToken cancellationToken);

    /// <summary>The ID types patients may sign in with: the provincial health cards, then the clinic's searchable types when S6 is on.</summary>
    Task<IReadOnlyList<SignInIdType>> GetSignInIdTypesAsync(Guid clinicId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="newValue"/> the patient's primary email address or mobile number, in place
    /// of the one they had (which is returned, or null when they had none). The caller has proved the
    /// patient controls the new one (checklist C4). Audited, and announced with <c>PatientContactsChanged</c>.
    /// Returns null and changes nothing when the value is not a valid address or number.
    /// </summary>
    Task<ContactReplacement?> ReplacePrimaryContactAsync(Guid clinicId, Guid patientId, ContactKind kind, string newValue, CancellationToken cancellationToken);

    /// <summary>Notes a completed sign-in, shown on the chart's Portal tab.</summary>
    Task RecordSignInAsync(Guid clinicId, Guid patientId, DateTimeOffset signedInAt, CancellationToken cancellationToken);
}
