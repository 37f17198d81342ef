using Portal.Shared.Results;

namespace Portal.Identity.Contracts;

/// <param name="ClinicId">The clinic; null for an operator.</param>
public sealed record NewStaffAccount(Guid? ClinicId, string Email, string DisplayName, string Role)
{
    /// <summary>For the invitation email: the clinic's name. Looked up when not given.</summary>
    public string? ClinicName { get; init; }

    /// <summary>For the invitation email: en or fr. The clinic's default language when not given.</summary>
    public string? Language { get; init; }
}

/// <param name="SetupLink">Where the person chooses their password; null when a password was given.</param>
public sealed record StaffAccountCreated(Guid UserId, string Email, Uri? SetupLink);

/// <summary>A clinic's owner, admin or staff member as other modules name and check them.</summary>
public sealed record ClinicStaffMember(Guid UserId, string DisplayName, string Role);

/// <summary>Creates staff and operator accounts, for the command line, the demo seed and other modules.</summary>
public interface IStaffAccounts
{
    /// <summary>
    /// Creates the account with no password and a one-time setup link valid for 72 hours, which is
    /// returned and also emailed to the person, in the caller's transaction.
    /// </summary>
    Task<Result<StaffAccountCreated>> CreateWithSetupLinkAsync(NewStaffAccount account, CancellationToken cancellationToken);

    /// <summary>Creates the account with a password chosen by the caller (the demo seed).</summary>
    Task<Result<StaffAccountCreated>> CreateWithPasswordAsync(NewStaffAccount account, string password, CancellationToken cancellationToken);

    /// <summary>Sets a new password on an existing account, ending its sessions.</summary>
    Task<Result> ResetPasswordAsync(Guid? clinicId, string email, string password, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Guid? clinicId, string email, CancellationToken cancellationToken);

    /// <summary>The clinic's owners, admins and staff whose accounts are not disabled, sorted by name.</summary>
    Task<IReadOnlyList<ClinicStaffMember>> ListClinicStaffAsync(Guid clinicId, CancellationToken cancellationToken);

    /// <summary>
    /// The named accounts as they are now, in one query: the clinic's owners, admins and staff (disabled ones too, since
    /// a record of what they did outlives the account) and the installation's operators. Ids of other clinics are left out.
    /// </summary>
    Task<IReadOnlyList<ClinicStaffMember>> FindAsync(Guid clinicId, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);

    /// <summary>
    /// The display names of the named accounts, as <see cref="FindAsync"/> finds them, for showing who did what. They come from
    /// this host's copy of the clinic's accounts, which every host drops when one of them is added or changed, however it is
    /// written; an id the copy lacks is looked up. Not for deciding access: a change reaches other hosts a moment after its
    /// commit, so checks use <see cref="ListClinicStaffAsync"/> or <see cref="FindAsync"/>.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> GetDisplayNamesAsync(Guid clinicId, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);
}
