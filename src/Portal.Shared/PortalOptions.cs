namespace Portal.Shared;

/// <summary>The <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The address people use to reach this installation; links in emails and the CLI's setup links start with it.</summary>
    public Uri PublicUrl { get; set; } = new("http://127.0.0.1:5080");

    /// <summary>Apply pending migrations when the web host starts (under the advisory lock).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The largest request body, in bytes, for endpoints that do not set their own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    public RateLimitOptions RateLimits { get; set; } = new();

    public DataProtectionSettings DataProtection { get; set; } = new();
}

public sealed class RateLimitOptions
{
    /// <summary>Sign-in attempts per client address per minute, across the sign-in endpoints.</summary>
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>Patients' uploads (photos sent for an upload request) per client address per minute.</summary>
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>Changes per signed-in account per minute (details updated, review decisions, upload requests sent).</summary>
    public int AccountChangesPerMinute { get; set; } = 60;

    /// <summary>Reads of records and images per signed-in account per minute, where an endpoint asks for it.</summary>
    public int AccountReadsPerMinute { get; set; } = 600;
}

public sealed class DataProtectionSettings
{
    /// <summary>A PKCS#12 certificate that encrypts the key ring at rest. Unset: keys are stored unencrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>For the embedded default: create a self-signed certificate at <see cref="CertificatePath"/> when none is there.</summary>
    public bool CreateCertificateIfMissing { get; set; }
}
