using System.Text.RegularExpressions;
using Portal.Shared.Database;

namespace Portal.Identity.Patients;

/// <summary>A notification link as its checks need it.</summary>
internal sealed class PatientLink
{
    public Guid Id { get; init; }

    public Guid ClinicId { get; init; }

    public Guid PatientId { get; init; }

    public string Target { get; init; } = "";

    public Guid PasscodeId { get; init; }

    public byte[] PasscodeHash { get; init; } = [];

    public DateTimeOffset ExpiresAt { get; init; }

    public int WrongAttempts { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? EndReason { get; init; }

    /// <summary>What the link page shows: usable, used, or expired (time ran out, or five wrong tries).</summary>
    public string StateAt(DateTimeOffset now) =>
        EndReason == "used" ? "used"
        : EndedAt is not null || now >= ExpiresAt || WrongAttempts >= SignInRules.WrongAttemptsAllowed ? "expired"
        : "usable";
}

/// <summary>The rules of notification links beside those they share with sign-in (<see cref="SignInRules"/>).</summary>
internal static partial class PatientLinkRules
{
    /// <summary>
    /// How long a link works at all, resends included: a notice older than this opens nothing and the
    /// patient signs in as usual; links are deleted then.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    /// <summary>Link failures are counted per patient, who is known from the token, so a new link or passcode resets nothing (P5).</summary>
    public static string ThrottleKey(Guid clinicId, Guid patientId) => $"patient-link:{clinicId:N}:{patientId:N}";

    /// <summary>A target is a relative path inside the clinic's portal, so the page can never be sent elsewhere.</summary>
    public static bool IsValidTarget(string target) =>
        target is { Length: > 0 and <= 200 } && TargetShape().IsMatch(target) && !target.Contains("..", StringComparison.Ordinal)
        && !target.Contains("//", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9/_.-]*$")]
    private static partial Regex TargetShape();
}

/// <summary>A link about to be stored: only the hashes of its token and passcode.</summary>
internal sealed record NewPatientLink(Guid Id, byte[] TokenHash, Guid PatientId, string Target, Guid PasscodeId, byte[] PasscodeHash);

internal sealed class PatientLinkStore(IDbSession db)
{
    /// <summary>Inserts the links with one statement, all for one clinic with one issue time and one expiry.</summary>
    public Task InsertManyAsync(
        Guid clinicId, IReadOnlyCollection<NewPatientLink> rows, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into identity.patient_links
                (id, token_hash, clinic_id, patient_id, target, created_at, passcode_id, passcode_hash, passcode_issued_at, expires_at)
            select r.id, r.token_hash, @clinicId, r.patient_id, r.target, @now, r.passcode_id, r.passcode_hash, @now, @expiresAt
            from unnest(@ids, @tokenHashes, @patientIds, @targets, @passcodeIds, @passcodeHashes)
                as r(id, token_hash, patient_id, target, passcode_id, passcode_hash)
            """,
            new
            {
                clinicId,
                now,
                expiresAt,
                ids = rows.Select(r => r.Id).ToArray(),
                tokenHashes = rows.Select(r => r.TokenHash).ToArray(),
                patientIds = rows.Select(r => r.PatientId).ToArray(),
                targets = rows.Select(r => r.Target).ToArray(),
                passcodeIds = rows.Select(r => r.PasscodeId).ToArray(),
                passcodeHashes = rows.Select(r => r.PasscodeHash).ToArray(),
            },
            cancellationToken);

    /// <summary>
    /// The clinic's link with this token, or null, also once older than <see cref="PatientLinkRules.MaxAge"/>
    /// whether or not the cleanup job has deleted it yet; with <paramref name="forUpdate"/> it is locked for the transaction.
    /// </summary>
    public Task<PatientLink?> FindAsync(Guid clinicId, byte[] tokenHash, DateTimeOffset now, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<PatientLink>(
            $"""
            select id, clinic_id, patient_id, target, passcode_id, passcode_hash, expires_at, wrong_attempts, ended_at, end_reason
            from identity.patient_links where token_hash = @tokenHash and clinic_id = @clinicId and created_at > @oldest
            {(forUpdate ? "for update" : "")}
            """,
            new { tokenHash, clinicId, oldest = now - PatientLinkRules.MaxAge },
            cancellationToken);

    /// <summary>Deletes links past <see cref="PatientLinkRules.MaxAge"/>, with their resend records.</summary>
    public Task<int> DeleteOldAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "delete from identity.patient_links where created_at <= @oldest",
            new { oldest = now - PatientLinkRules.MaxAge },
            cancellationToken);

    /// <summary>Counts a wrong try; the link's passcode ends at the last one allowed (P4).</summary>
    public Task RecordWrongAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update identity.patient_links
            set wrong_attempts = wrong_attempts + 1,
                ended_at = case when wrong_attempts + 1 >= @allowed then @now else ended_at end,
                end_reason = case when wrong_attempts + 1 >= @allowed then 'wrong_attempts' else end_reason end
            where id = @id
            """,
            new { id, now, allowed = SignInRules.WrongAttemptsAllowed },
            cancellationToken);

    public Task EndAsync(Guid id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update identity.patient_links
            set ended_at = @now, end_reason = @reason, used_at = case when @reason = 'used' then @now else used_at end
            where id = @id and ended_at is null
            """,
            new { id, reason, now },
            cancellationToken);

    /// <summary>A new quick passcode for the link: the old one is dead, the tries start again, and so does the S8 timeout.</summary>
    public Task ReplacePasscodeAsync(Guid id, Guid passcodeId, byte[] passcodeHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update identity.patient_links
            set passcode_id = @passcodeId, passcode_hash = @passcodeHash, passcode_issued_at = @now, expires_at = @expiresAt,
                wrong_attempts = 0, ended_at = null, end_reason = null
            where id = @id
            """,
            new { id, passcodeId, passcodeHash, now, expiresAt },
            cancellationToken);

    /// <summary>How long until another quick passcode may be sent to this patient and this contact point, or null when one may be sent now (P8).</summary>
    public async Task<TimeSpan?> ResendWaitAsync(Guid patientId, string contactKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var oldest = await db.QueryAsync<DateTimeOffset>(
            """
            (select created_at from identity.patient_link_resends
             where patient_id = @patientId and created_at > @since order by created_at desc offset @skip limit 1)
            union all
            (select created_at from identity.patient_link_resends
             where contact_key = @contactKey and created_at > @since order by created_at desc offset @skip limit 1)
            """,
            new { patientId, contactKey, since = now - SignInRules.SendWindow, skip = SignInRules.SendsPerWindow - 1 },
            cancellationToken);
        return oldest.Count == 0 ? null : oldest.Min() + SignInRules.SendWindow - now;
    }

    public Task RecordResendAsync(Guid linkId, Guid clinicId, Guid patientId, string contactKey, DateTimeOffset now, string? clientAddress, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into identity.patient_link_resends (id, link_id, clinic_id, patient_id, contact_key, created_at, client_address)
            values (@id, @linkId, @clinicId, @patientId, @contactKey, @now, cast(@clientAddress as inet))
            """,
            new { id = Guid.CreateVersion7(now), linkId, clinicId, patientId, contactKey, now, clientAddress },
            cancellationToken);
}
