namespace Portal.Shared.Tenancy;

/// <summary>The few facts about a clinic that every module needs to serve a request at its address.</summary>
public sealed record ClinicRef(Guid Id, string Slug, string Name, string TimeZone, string DefaultLanguage);

/// <summary>Finds clinics by their URL slug or id. Implemented (and cached) by the Settings module.</summary>
public interface IClinicDirectory
{
    ValueTask<ClinicRef?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    ValueTask<ClinicRef?> FindByIdAsync(Guid clinicId, CancellationToken cancellationToken);
}

/// <summary>The clinic the current request is addressed to, resolved from the URL before authorization runs.</summary>
public sealed class ClinicContext
{
    private ClinicRef? _clinic;

    public bool IsResolved => _clinic is not null;

    public ClinicRef Clinic => _clinic ?? throw new InvalidOperationException(
        "No clinic was resolved for this request. Map the endpoint under MapClinicGroup.");

    public Guid ClinicId => Clinic.Id;

    public void Set(ClinicRef clinic) => _clinic = clinic;
}
