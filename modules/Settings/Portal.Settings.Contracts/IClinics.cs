using Portal.Shared.Results;

namespace Portal.Settings.Contracts;

/// <param name="OwnerEmail">When given, the owner's account is created too, with a one-time setup link.</param>
public sealed record NewClinic(string Slug, string Name, string TimeZone, string DefaultLanguage, string? OwnerEmail = null, string? OwnerName = null);

/// <param name="OwnerSetupLink">Where the owner chooses a password; null when no owner was named.</param>
public sealed record CreatedClinic(Guid ClinicId, string Slug, Uri? OwnerSetupLink);

/// <summary>Creates clinics: used by the command line, the demo seed and tests.</summary>
public interface IClinics
{
    /// <summary>A new clinic with default portal settings (portal off), in the caller's transaction if one is open.</summary>
    Task<Result<CreatedClinic>> CreateAsync(NewClinic clinic, CancellationToken cancellationToken);
}
