using Portal.Registration.Contracts;
using Portal.Registration.IdTypes;
using Portal.Registration.Patients;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Validation;

namespace Portal.Registration.Directory;

/// <summary>The registry as the sign-in, messaging and appointment modules see it.</summary>
internal sealed class PatientDirectory(
    IDbSession db, IdTypeCatalog idTypes, IPortalSettings settings, PatientStore store, IActorContext actor, IAuditLog audit, IIntegrationEvents events,
    PatientNamesCache names, TimeProvider clock) : IPatientDirectory
{
    public async Task<SignInCandidate?> FindForSignInAsync(
        Guid clinicId, string idType, string idNumber, string contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idType);
        ArgumentNullException.ThrowIfNull(idNumber);
        ArgumentNullException.ThrowIfNull(contact);
        var type = PatientRules.NormalizeIdType(idType);
        if (!await AcceptsForSignInAsync(clinicId, type, cancellationToken) || ToContactPoint(contact) is not { } point)
        {
            return null;
        }

        var number = HealthCards.IsProvince(type)
            ? HealthCards.Check(type, idNumber, null).Number
            : PatientRules.NormalizeIdNumber(idNumber);
        var row = await db.QuerySingleOrDefaultAsync<CandidateRow>(
            """
            select p.id, p.active, p.portal_access
            from registration.patient_identifiers i
            join registration.patients p on p.id = i.patient_id
            join registration.patient_contacts c on c.patient_id = p.id
            where i.clinic_id = @clinicId and i.id_type = @type and i.number = @number
              and c.kind = @kind and c.value = @value
            limit 1
            """,
            new { clinicId, type, number, kind = KindName(point.Kind), value = point.Value },
            cancellationToken);
        return row is null ? null : new SignInCandidate(row.Id, row.Active, row.PortalAccess, point);
    }

    public Task<bool> HasBirthDateAsync(Guid clinicId, Guid patientId, DateOnly dateOfBirth, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from registration.patients where clinic_id = @clinicId and id = @patientId and date_of_birth = @dateOfBirth)",
            new { clinicId, patientId, dateOfBirth },
            cancellationToken);

    public Task<PatientIdentity?> GetIdentityAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<PatientIdentity>(
            """
            select id as patient_id, legal_given_name, legal_family_name, date_of_birth
            from registration.patients where clinic_id = @clinicId and id = @patientId
            """,
            new { clinicId, patientId },
            cancellationToken);

    /// <remarks>Its own statement, which PostgreSQL plans once per connection where the list's "= any(…)" is planned every time.</remarks>
    public async Task<PatientContactDetails?> GetContactDetailsAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<DetailsRow>($"{DetailsSelect} where p.clinic_id = @clinicId and p.id = @patientId", new { clinicId, patientId }, cancellationToken))
        .Select(Details)
        .SingleOrDefault();

    public async Task<IReadOnlyList<PatientContactDetails>> GetContactDetailsAsync(
        Guid clinicId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        if (patientIds.Count <= 1)
        {
            return patientIds.Count == 0 || await GetContactDetailsAsync(clinicId, patientIds.First(), cancellationToken) is not { } one ? [] : [one];
        }

        var rows = await db.QueryAsync<DetailsRow>(
            $"{DetailsSelect} where p.clinic_id = @clinicId and p.id = any(@patientIds) order by p.id",
            new { clinicId, patientIds = patientIds.ToArray() },
            cancellationToken);
        return rows.Select(Details).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, string>> GetDisplayNamesAsync(
        Guid clinicId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        if (patientIds.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        // Inside a transaction the names may be ones it wrote and has not committed: read, not kept.
        return db.InTransaction
            ? await ReadDisplayNamesAsync(clinicId, patientIds, cancellationToken)
            : await names.GetOrLoadManyAsync(clinicId, "display-name", patientIds, (missing, ct) => ReadDisplayNamesAsync(clinicId, missing, ct), cancellationToken);
    }

    private async Task<IReadOnlyDictionary<Guid, string>> ReadDisplayNamesAsync(
        Guid clinicId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken)
    {
        // One id has its own statement, planned once per connection where "= any(…)" is planned every time.
        const string Names = "select p.id, p.legal_given_name, p.legal_family_name, p.preferred_name from registration.patients p";
        var rows = patientIds.Count == 1
            ? await db.QueryAsync<NameRow>(
                $"{Names} where p.clinic_id = @clinicId and p.id = @patientId", new { clinicId, patientId = patientIds.First() }, cancellationToken)
            : await db.QueryAsync<NameRow>(
                $"{Names} where p.clinic_id = @clinicId and p.id = any(@patientIds)", new { clinicId, patientIds = patientIds.ToArray() }, cancellationToken);
        return rows.ToDictionary(row => row.Id, row => DisplayName(row.PreferredName, row.LegalGivenName, row.LegalFamilyName));
    }

    private static string DisplayName(string? preferredName, string legalGivenName, string legalFamilyName) =>
        $"{preferredName ?? legalGivenName} {legalFamilyName}";

    private sealed record NameRow(Guid Id, string LegalGivenName, string LegalFamilyName, string? PreferredName);

    private const string DetailsSelect =
        """
        select p.id, p.legal_given_name, p.legal_family_name, p.preferred_name, p.preferred_language,
               p.preferred_contact_method, p.active, p.portal_access,
               (select c.value from registration.patient_contacts c
                where c.patient_id = p.id and c.kind = 'email' order by c.position limit 1) as email,
               (select c.value from registration.patient_contacts c
                where c.patient_id = p.id and c.kind = 'mobile' order by c.position limit 1) as mobile
        from registration.patients p
        """;

    private static PatientContactDetails Details(DetailsRow row) =>
        new(
            row.Id,
            DisplayName(row.PreferredName, row.LegalGivenName, row.LegalFamilyName),
            row.PreferredLanguage,
            row.Email,
            row.Mobile,
            row.PreferredContactMethod switch
            {
                "sms" => ContactPreference.Sms,
                "both" => ContactPreference.Both,
                _ => ContactPreference.Email,
            },
            row.Active,
            row.PortalAccess);

    public Task<IReadOnlyList<Guid>> SelectGroupAsync(
        Guid clinicId, PatientGroupFilter filter, Guid? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var group = PatientGroupQuery.From(filter);
        return db.QueryAsync<Guid>(
            $"""
            select p.id from registration.patients p
            where {group.Where} and p.id > coalesce(@after, '00000000-0000-0000-0000-000000000000'::uuid)
            order by p.id
            limit @limit
            """,
            group.Parameters(clinicId, after, limit),
            cancellationToken);
    }

    public async Task<IReadOnlyList<SignInIdType>> GetSignInIdTypesAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        var types = HealthCards.All.Select(card => new SignInIdType(card.Code, IsHealthCard: true, null, null)).ToList();
        if (await ExtraIdsEnabledAsync(clinicId, cancellationToken))
        {
            types.AddRange((await idTypes.ClinicTypesAsync(clinicId, cancellationToken))
                .Where(t => t.Searchable)
                .Select(t => new SignInIdType(t.Code, IsHealthCard: false, t.NameEn, t.NameFr)));
        }

        return types;
    }

    public async Task<ContactReplacement?> ReplacePrimaryContactAsync(
        Guid clinicId, Guid patientId, ContactKind kind, string newValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newValue);
        var value = kind == ContactKind.Email
            ? PatientRules.NormalizeEmail(newValue)
            : PatientRules.NormalizeMobile(newValue);
        var before = await PatientCharts.LoadAsync(db, clinicId, patientId, forUpdate: true, cancellationToken);
        if (value is null || before is null)
        {
            return null;
        }

        var record = before.ToRecord();
        var list = kind == ContactKind.Email ? record.Emails : record.Mobiles;
        var previous = list.Count > 0 ? new ContactPoint(kind, list[0]) : null;
        var current = new ContactPoint(kind, value);
        if (previous == current)
        {
            return new ContactReplacement(previous, current);
        }

        // The new value becomes the first; if it was already further down the list it moves up rather than appearing twice.
        IReadOnlyList<string> replaced = [value, .. list.Skip(1).Where(v => v != value)];
        var after = kind == ContactKind.Email ? record with { Emails = replaced } : record with { Mobiles = replaced };
        await store.UpdateAsync(clinicId, patientId, after, actor.Actor, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(
                PatientAudit.ContactChangedByPatient, clinicId, PatientAudit.TargetType, patientId.ToString(),
                new { changes = new[] { kind == ContactKind.Email ? "emails" : "mobiles" } }),
            cancellationToken);
        await events.PublishAsync(new PatientContactsChanged(clinicId, patientId, record.Contacts, after.Contacts), cancellationToken);
        return new ContactReplacement(previous, current);
    }

    public Task RecordSignInAsync(Guid clinicId, Guid patientId, DateTimeOffset signedInAt, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update registration.patients set last_sign_in_at = @signedInAt where clinic_id = @clinicId and id = @patientId",
            new { clinicId, patientId, signedInAt },
            cancellationToken);

    /// <summary>The contact point as stored, from what a patient typed: an email address or a mobile number.</summary>
    internal static ContactPoint? ToContactPoint(string contact)
    {
        if (contact.Contains('@', StringComparison.Ordinal))
        {
            return EmailAddresses.IsValid(contact) ? new ContactPoint(ContactKind.Email, EmailAddresses.Normalize(contact)) : null;
        }

        return PhoneNumbers.TryNormalize(contact, out var e164) ? new ContactPoint(ContactKind.Mobile, e164) : null;
    }

    internal static string KindName(ContactKind kind) => kind == ContactKind.Email ? "email" : "mobile";

    private async Task<bool> AcceptsForSignInAsync(Guid clinicId, string type, CancellationToken cancellationToken)
    {
        if (HealthCards.IsProvince(type))
        {
            return true;
        }

        return await idTypes.FindAsync(clinicId, type, cancellationToken) is { Searchable: true }
            && await ExtraIdsEnabledAsync(clinicId, cancellationToken);
    }

    private async Task<bool> ExtraIdsEnabledAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await settings.GetAsync(clinicId, cancellationToken) is { ExtraSearchableIdsEnabled: true };

    private sealed record CandidateRow(Guid Id, bool Active, bool PortalAccess);

    private sealed record DetailsRow(
        Guid Id, string LegalGivenName, string LegalFamilyName, string? PreferredName, string PreferredLanguage,
        string PreferredContactMethod, bool Active, bool PortalAccess, string? Email, string? Mobile);
}
