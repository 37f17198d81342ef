using System.Text.Json;
using Portal.Registration.Patients;
using Portal.Shared.Database;

namespace Portal.Registration.Features.SelfRegistration;

/// <summary>A registration as the passcode check needs it.</summary>
internal sealed class PendingRegistration
{
    public Guid Id { get; init; }

    public Guid ClinicId { get; init; }

    public string Status { get; init; } = "";

    public string? Details { get; init; }

    public string ContactKind { get; init; } = "";

    public byte[] PasscodeHash { get; init; } = [];

    public string ConsentLanguage { get; init; } = "";

    public int WrongAttempts { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The rows of <c>registration.self_registrations</c> before review: made, counted, proven or given up.</summary>
internal sealed class SelfRegistrationStore(IDbSession db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(PatientRecord record) => JsonSerializer.Serialize(record, Json);

    public static PatientRecord Deserialize(string details) => JsonSerializer.Deserialize<PatientRecord>(details, Json)!;

    public Task InsertAsync(
        Guid id, byte[] tokenHash, Guid clinicId, PatientRecord record, string contactKind, string contactKey, byte[] passcodeHash,
        DateTimeOffset now, DateTimeOffset expiresAt, string language, string? clientAddress, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into registration.self_registrations
                (id, token_hash, clinic_id, status, details, contact_kind, contact_key, passcode_hash, created_at, expires_at, consent_language, client_address)
            values (@id, @tokenHash, @clinicId, 'awaiting_passcode', cast(@details as jsonb), @contactKind, @contactKey, @passcodeHash, @now, @expiresAt,
                    @language, cast(@clientAddress as inet))
            """,
            new { id, tokenHash, clinicId, details = Serialize(record), contactKind, contactKey, passcodeHash, now, expiresAt, language, clientAddress },
            cancellationToken);

    /// <summary>How long until another passcode may go to this contact point, or null when one may go now (P8, counted in PostgreSQL for every host).</summary>
    public async Task<TimeSpan?> SendWaitAsync(string contactKey, int sendsPerWindow, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var oldest = await db.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            """
            select created_at from registration.self_registrations
            where contact_key = @contactKey and created_at > @since
            order by created_at desc offset @skip limit 1
            """,
            new { contactKey, since = now - window, skip = sendsPerWindow - 1 },
            cancellationToken);
        return oldest is { } first ? first + window - now : null;
    }

    /// <summary>Forgets what was entered on registrations whose passcode expired unused: they can no longer become anything.</summary>
    public Task ForgetExpiredAsync(Guid clinicId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update registration.self_registrations set status = 'abandoned', details = null
            where clinic_id = @clinicId and status = 'awaiting_passcode' and expires_at <= @now
            """,
            new { clinicId, now },
            cancellationToken);

    public Task<PendingRegistration?> FindForUpdateAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<PendingRegistration>(
            """
            select id, clinic_id, status, details::text as details, contact_kind, consent_language, passcode_hash, wrong_attempts, expires_at
            from registration.self_registrations where token_hash = @tokenHash
            for update
            """,
            new { tokenHash },
            cancellationToken);

    /// <summary>Counts a wrong passcode; at the last one allowed the registration is given up and what was entered forgotten.</summary>
    public Task RecordWrongAsync(Guid id, int allowed, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update registration.self_registrations
            set wrong_attempts = wrong_attempts + 1,
                status = case when wrong_attempts + 1 >= @allowed then 'abandoned' else status end,
                details = case when wrong_attempts + 1 >= @allowed then null else details end
            where id = @id
            """,
            new { id, allowed },
            cancellationToken);

    public Task AbandonAsync(Guid id, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update registration.self_registrations set status = 'abandoned', details = null where id = @id and status = 'awaiting_passcode'",
            new { id },
            cancellationToken);

    /// <summary>The passcode came back: the registration waits, with what was entered, for <see cref="ProvenRegistrationJob"/> to settle it.</summary>
    public Task MarkProvenAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update registration.self_registrations set status = 'proven', verified_at = @now where id = @id",
            new { id, now },
            cancellationToken);

    /// <summary>A proven registration not yet settled, locked; null when it is settled or another host holds it.</summary>
    public Task<PendingRegistration?> FindProvenForUpdateAsync(Guid id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<PendingRegistration>(
            """
            select id, clinic_id, status, details::text as details, contact_kind, consent_language, passcode_hash, wrong_attempts, expires_at
            from registration.self_registrations where id = @id and status = 'proven'
            for update skip locked
            """,
            new { id },
            cancellationToken);

    /// <summary>Registrations proven before <paramref name="before"/> and still unsettled, oldest first.</summary>
    public Task<IReadOnlyList<Guid>> ProvenBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.QueryAsync<Guid>(
            "select id from registration.self_registrations where status = 'proven' and verified_at < @before order by verified_at limit 500",
            new { before },
            cancellationToken);

    /// <summary>The registration is now a chart waiting for review, or a notice to the chart that already existed; what was entered is forgotten.</summary>
    public Task SettleAsync(Guid id, string status, Guid? patientId, Guid? existingPatientId, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update registration.self_registrations
            set status = @status, details = null, patient_id = @patientId, existing_patient_id = @existingPatientId
            where id = @id
            """,
            new { id, status, patientId, existingPatientId },
            cancellationToken);

    /// <summary>
    /// The patient of the clinic who already holds one of these identifiers, if any. Each identifier is
    /// locked for the rest of the transaction first, so two registrations with one new card become one
    /// chart and one notice, not a unique-key failure.
    /// </summary>
    public async Task<Guid?> FindHolderAsync(Guid clinicId, IReadOnlyList<IdentifierFields> identifiers, CancellationToken cancellationToken)
    {
        await db.ExecuteScalarAsync<long>(
            "select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from unnest(@keys::text[]) as k",
            new { keys = identifiers.Select(i => $"registration-identifier:{clinicId:N}:{i.Type}:{i.Number}").ToArray() },
            cancellationToken);
        return await db.QuerySingleOrDefaultAsync<Guid?>(
            """
            select i.patient_id
            from registration.patient_identifiers i
            join unnest(@types::text[], @numbers::text[]) as wanted (id_type, number) on wanted.id_type = i.id_type and wanted.number = i.number
            where i.clinic_id = @clinicId
            limit 1
            """,
            new { clinicId, types = identifiers.Select(i => i.Type).ToArray(), numbers = identifiers.Select(i => i.Number).ToArray() },
            cancellationToken);
    }
}
