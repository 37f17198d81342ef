using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Notifications;
using Portal.Notifications;
using Portal.Shared;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Identity.Staff;

/// <summary>Creates staff and operator accounts for the command line, the demo seed and the Settings module.</summary>
internal sealed class StaffAccounts(
    IDbSession db,
    StaffPasswords passwords,
    StaffSessions sessions,
    IAuditLog audit,
    INotificationOutbox outbox,
    IClinicDirectory clinics,
    IOptions<PortalOptions> options,
    StaffNamesCache names,
    TimeProvider clock)
    : IStaffAccounts
{
    public static readonly TimeSpan SetupLinkLifetime = TimeSpan.FromHours(72);

    public Task<Result<StaffAccountCreated>> CreateWithSetupLinkAsync(NewStaffAccount account, CancellationToken cancellationToken) =>
        db.InTransactionAsync(
            async () =>
            {
                var created = await InsertAsync(account, passwordHash: null, cancellationToken);
                if (!created.IsSuccess)
                {
                    return created;
                }

                var token = SecureTokens.Create();
                var now = clock.GetUtcNow();
                await db.ExecuteAsync(
                    "insert into identity.setup_tokens (token_hash, user_id, created_at, expires_at) values (@hash, @userId, @now, @expires)",
                    new { hash = SecureTokens.Hash(token), userId = created.Value.UserId, now, expires = now + SetupLinkLifetime },
                    cancellationToken);
                var link = new Uri($"{options.Value.PublicUrl.ToString().TrimEnd('/')}/admin/setup#token={token}");
                await InviteAsync(account, created.Value, link, Convert.ToHexStringLower(SecureTokens.Hash(token))[..16], cancellationToken);
                return Result<StaffAccountCreated>.Success(created.Value with { SetupLink = link });
            },
            cancellationToken);

    public Task<Result<StaffAccountCreated>> CreateWithPasswordAsync(NewStaffAccount account, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var weakness = StaffPasswords.Weakness(password, account.Email);
        return weakness is not null
            ? Task.FromResult<Result<StaffAccountCreated>>(Error.Field("password", "weak_password", weakness))
            : db.InTransactionAsync(() => InsertAsync(account, passwords.Hash(password), cancellationToken), cancellationToken);
    }

    public Task<Result> ResetPasswordAsync(Guid? clinicId, string email, string password, CancellationToken cancellationToken) =>
        db.InTransactionAsync(
            async () =>
            {
                var weakness = StaffPasswords.Weakness(password, email);
                if (weakness is not null)
                {
                    return Error.Field("password", "weak_password", weakness);
                }

                var now = clock.GetUtcNow();
                var userId = await db.QuerySingleOrDefaultAsync<Guid?>(
                    """
                    update identity.staff_users set password_hash = @hash, password_changed_at = @now
                    where email = @email and clinic_id is not distinct from @clinicId
                    returning id
                    """,
                    new { hash = passwords.Hash(password), now, email = EmailAddresses.Normalize(email), clinicId },
                    cancellationToken);
                if (userId is null)
                {
                    return Error.NotFound("staff_not_found", "There is no such account.");
                }

                await sessions.EndAllForUserAsync(userId.Value, "password_changed", now, cancellationToken);
                await audit.RecordAsync(new AuditEvent("identity.staff.password_reset", clinicId, "staff_user", userId.ToString()), cancellationToken);
                return Result.Success;
            },
            cancellationToken);

    public Task<bool> ExistsAsync(Guid? clinicId, string email, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from identity.staff_users where email = @email and clinic_id is not distinct from @clinicId)",
            new { email = EmailAddresses.Normalize(email), clinicId },
            cancellationToken);

    public Task<IReadOnlyList<ClinicStaffMember>> ListClinicStaffAsync(Guid clinicId, CancellationToken cancellationToken) =>
        db.QueryAsync<ClinicStaffMember>(
            """
            select id as user_id, display_name, role from identity.staff_users
            where clinic_id = @clinicId and disabled_at is null
            order by display_name, id
            """,
            new { clinicId },
            cancellationToken);

    public async Task<IReadOnlyList<ClinicStaffMember>> FindAsync(
        Guid clinicId, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return [];
        }

        return await db.QueryAsync<ClinicStaffMember>(
            """
            select id as user_id, display_name, role from identity.staff_users
            where id = any(@ids) and (clinic_id = @clinicId or clinic_id is null)
            """,
            new { clinicId, ids = userIds.ToArray() },
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, string>> GetDisplayNamesAsync(
        Guid clinicId, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var found = new Dictionary<Guid, string>();
        if (userIds.Count == 0)
        {
            return found;
        }

        var known = await names.ClinicAsync(clinicId, cancellationToken);
        List<Guid>? missing = null;
        foreach (var id in userIds.Distinct())
        {
            if (known.TryGetValue(id, out var name))
            {
                found[id] = name;
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }

        // An operator, an account added since the copy was made, or an id that names no one.
        if (missing is not null)
        {
            foreach (var member in await FindAsync(clinicId, missing, cancellationToken))
            {
                found[member.UserId] = member.DisplayName;
            }
        }

        return found;
    }

    /// <summary>Emails the setup link, queued in the same transaction as the account.</summary>
    private async Task InviteAsync(NewStaffAccount account, StaffAccountCreated created, Uri link, string tokenId, CancellationToken cancellationToken)
    {
        var clinic = account.ClinicId is { } clinicId && (account.ClinicName is null || account.Language is null)
            ? await clinics.FindByIdAsync(clinicId, cancellationToken)
            : null;
        var language = account.Language ?? clinic?.DefaultLanguage ?? "en";
        var place = account.ClinicName ?? clinic?.Name ?? IdentityTemplates.OperatorsPlace(language);
        await outbox.EnqueueAsync(
            new NotificationRequest(
                IdentityTemplates.StaffInvitation,
                account.ClinicId,
                NotificationChannels.Email,
                created.Email,
                null,
                language,
                new Dictionary<string, string> { ["place"] = place, ["link"] = link.ToString() },
                $"staff-invitation:{created.UserId}:{tokenId}"),
            cancellationToken);
    }

    private async Task<Result<StaffAccountCreated>> InsertAsync(NewStaffAccount account, string? passwordHash, CancellationToken cancellationToken)
    {
        if (!EmailAddresses.IsValid(account.Email))
        {
            return Error.Field("email", "invalid_email", "That is not an email address.");
        }

        if (account.Role == StaffRoles.Operator ? account.ClinicId is not null : !StaffRoles.IsClinicRole(account.Role) || account.ClinicId is null)
        {
            return Error.Field("role", "invalid_role", "Operators belong to no clinic; owners, admins and staff belong to one.");
        }

        var displayName = account.DisplayName.Trim();
        if (displayName.Length is 0 or > 200)
        {
            return Error.Field("displayName", "invalid_name", "Give a name of 1 to 200 characters.");
        }

        var email = EmailAddresses.Normalize(account.Email);
        if (await ExistsAsync(account.ClinicId, email, cancellationToken))
        {
            return Error.Conflict("email_taken", $"There is already an account for {email} here.");
        }

        var userId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            insert into identity.staff_users (id, clinic_id, email, display_name, role, password_hash, created_at, password_changed_at)
            values (@userId, @ClinicId, @email, @displayName, @Role, @passwordHash, @now, case when @passwordHash is null then null else @now end)
            """,
            new { userId, account.ClinicId, email, displayName, account.Role, passwordHash, now },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("identity.staff.created", account.ClinicId, "staff_user", userId.ToString(), new { email, account.Role }),
            cancellationToken);
        return new StaffAccountCreated(userId, email, null);
    }
}
