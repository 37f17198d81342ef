using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Portal.Shared.DataProtection;

internal static class DataProtectionSetup
{
    public const string ApplicationName = "Portal";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, DataProtectionSettings settings)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new PostgresXmlRepository(provider.GetRequiredKeyedService<NpgsqlDataSource>(Database.DataSources.WithSessionState))));

        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            builder.ProtectKeysWithCertificate(LoadOrCreateCertificate(settings));
        }

        return services;
    }

    private static X509Certificate2 LoadOrCreateCertificate(DataProtectionSettings settings)
    {
        var path = Path.GetFullPath(settings.CertificatePath!);
        if (!File.Exists(path))
        {
            if (!settings.CreateCertificateIfMissing)
            {
                throw new InvalidOperationException($"The Data Protection certificate {path} does not exist.");
            }

            using var key = RSA.Create(3072);
            var request = new CertificateRequest("CN=Portal Data Protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, created.Export(X509ContentType.Pkcs12, settings.CertificatePassword));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
    }
}
