using System.Security.Cryptography;
using System.Text;
using Portal.Shared.Database;

namespace Portal.Identity.Patients;

/// <summary>A sign-in attempt as the passcode check needs it.</summary>
internal sealed class SignInAttempt
{
    public Guid Id { get; init; }

    public Guid ClinicId { get; init; }

    public Guid? PatientId { get; init; }

    public string IdentifierKey { get; init; } = "";

    public byte[] PasscodeHash { get; init; } = [];

    public DateTimeOffset ExpiresAt { get; init; }

    public int WrongAttempts { get; init; }

    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>
/// The passcode rules of patient sign-in (checklist P1 to P8) and the keys its counters use. What a
/// patient typed is never stored: identifiers and contact points are kept as SHA-256 keys, enough
/// to count attempts per patient and per contact point.
/// </summary>
internal static class SignInRules
{
    /// <summary>Sign-in passcodes live this long (P6); the clinic's timeout (S8, an hour or more) is for notification links.</summary>
    public static readonly TimeSpan SignInPasscodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Wrong passcodes an attempt takes; the next try is refused even when right (P4).</summary>
    public const int WrongAttemptsAllowed = 5;

    /// <summary>Passcodes sent per identifier, and per contact point, in <see cref="SendWindow"/> (P8).</summary>
    public const int SendsPerWindow = 5;

    public static readonly TimeSpan SendWindow = TimeSpan.FromMinutes(15);

    /// <summary>Attempts are kept this long after they start, for the audit of abuse, then deleted.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public static string IdentifierKey(Guid clinicId, string idType, string idNumber) =>
        Key($"{clinicId:N}|{idType.Trim().ToUpperInvariant()}|{Compact(idNumber)}");

    public static string ContactKey(Guid clinicId, string normalizedContact) => Key($"{clinicId:N}|{normalizedContact}");

    /// <summary>The failure counter of a patient, keyed by what was typed so that it behaves the same whether or not it matched (P5).</summary>
    public static string ThrottleKey(string identifierKey) => $"patient:{identifierKey}";

    private static string Compact(string number) => new string(number.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();

    private static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

internal sealed class PatientSignInAttempts(IDbSession db)
{
    public Task InsertAsync(
        Guid id, byte[] tokenHash, Guid clinicId, Guid? patientId, string identifierKey, string contactKey, string contactKind,
        byte[] passcodeHash, DateTimeOffset now, DateTimeOffset expiresAt, string? clientAddress, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into identity.patient_sign_in_attempts
                (id, token_hash, clinic_id, patient_id, identifier_key, contact_key, contact_kind, passcode_hash, created_at, expires_at, client_address)
            values (@id, @tokenHash, @clinicId, @patientId, @identifierKey, @contactKey, @contactKind, @passcodeHash, @now, @expiresAt, cast(@clientAddress as inet))
            """,
            new { id, tokenHash, clinicId, patientId, identifierKey, contactKey, contactKind, passcodeHash, now, expiresAt, clientAddress },
            cancellationToken);

    /// <summary>How long until another passcode may be sent for this identifier and this contact point, or null when one may be sent now.</summary>
    public async Task<TimeSpan?> SendWaitAsync(string identifierKey, string contactKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - SignInRules.SendWindow;
        var oldest = await db.QueryAsync<DateTimeOffset>(
            """
            (select created_at from identity.patient_sign_in_attempts
             where identifier_key = @identifierKey and created_at > @since order by created_at desc offset @skip limit 1)
            union all
            (select created_at from identity.patient_sign_in_attempts
             where contact_key = @contactKey and created_at > @since order by created_at desc offset @skip limit 1)
            """,
            new { identifierKey, contactKey, since, skip = SignInRules.SendsPerWindow - 1 },
            cancellationToken);
        return oldest.Count == 0 ? null : oldest.Min() + SignInRules.SendWindow - now;
    }

    public Task<SignInAttempt?> FindForUpdateAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<SignInAttempt>(
            """
            select id, clinic_id, patient_id, identifier_key, passcode_hash, expires_at, wrong_attempts, ended_at
            from identity.patient_sign_in_attempts where token_hash = @tokenHash
            for update
            """,
            new { tokenHash },
            cancellationToken);

    /// <summary>Counts a wrong passcode; the attempt ends at the last one allowed. Returns the wrong passcodes so far.</summary>
    public Task<int> RecordWrongAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<int>(
            """
            update identity.patient_sign_in_attempts
            set wrong_attempts = wrong_attempts + 1,
                ended_at = case when wrong_attempts + 1 >= @allowed then @now else ended_at end,
                end_reason = case when wrong_attempts + 1 >= @allowed then 'wrong_attempts' else end_reason end
            where id = @id
            returning wrong_attempts
            """,
            new { id, now, allowed = SignInRules.WrongAttemptsAllowed },
            cancellationToken);

    public Task EndAsync(Guid id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update identity.patient_sign_in_attempts
            set ended_at = @now, end_reason = @reason, used_at = case when @reason = 'used' then @now else used_at end
            where id = @id and ended_at is null
            """,
            new { id, reason, now },
            cancellationToken);

    /// <summary>Ends attempts past their expiry and deletes old ones. Expiry is also checked at every use (P6), so this only tidies up.</summary>
    public async Task<(int Expired, int Deleted)> TidyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await db.ExecuteAsync(
            "update identity.patient_sign_in_attempts set ended_at = @now, end_reason = 'expired' where ended_at is null and expires_at <= @now",
            new { now },
            cancellationToken);
        var deleted = await db.ExecuteAsync(
            "delete from identity.patient_sign_in_attempts where created_at < @before",
            new { before = now - SignInRules.Retention },
            cancellationToken);
        return (expired, deleted);
    }
}
