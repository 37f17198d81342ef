using Portal.Shared.Database;

namespace Portal.Registration.IdTypes;

/// <summary>One of a clinic's own ID types. <see cref="Searchable"/>: patients may sign in with it when S6 is on.</summary>
internal sealed record ClinicIdType(string Code, string NameEn, string NameFr, bool Searchable);

/// <summary>The ID types a clinic has defined for itself.</summary>
internal sealed class IdTypeCatalog(IDbSession db)
{
    public Task<IReadOnlyList<ClinicIdType>> ClinicTypesAsync(Guid clinicId, CancellationToken cancellationToken) =>
        db.QueryAsync<ClinicIdType>(
            "select code, name_en, name_fr, searchable from registration.id_types where clinic_id = @clinicId order by code",
            new { clinicId },
            cancellationToken);

    public Task<ClinicIdType?> FindAsync(Guid clinicId, string code, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<ClinicIdType>(
            "select code, name_en, name_fr, searchable from registration.id_types where clinic_id = @clinicId and code = @code",
            new { clinicId, code },
            cancellationToken);
}
