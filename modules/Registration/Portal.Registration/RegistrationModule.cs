using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using Portal.Registration.Directory;
using Portal.Registration.Documents;
using Portal.Registration.Features.RegistrationReview;
using Portal.Registration.Features.SelfRegistration;
using Portal.Registration.IdTypes;
using Portal.Registration.Patients;
using Portal.Notifications;
using Portal.Shared.Caching;
using Portal.Shared.Database;
using Portal.Shared.Files;
using Portal.Shared.Modules;

namespace Portal.Registration;

/// <summary>The patient registry: patients, their identifiers and contact points, and per-patient portal access and the chart's documents.</summary>
public sealed class RegistrationModule : IPortalModule
{
    public string Name => "Registration";

    public string Schema => "registration";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IdTypeCatalog>();
        services.AddScoped<PatientStore>();
        services.AddScoped<PatientConflicts>();
        services.AddScoped<IPatientDirectory, PatientDirectory>();
        services.AddSingleton<PatientNamesCache>();
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<PatientNamesCache>(), PatientNamesCache.ChannelName));
        services.AddScoped<PatientDocuments>();
        services.AddScoped<IPatientDocuments>(provider => provider.GetRequiredService<PatientDocuments>());
        services.AddScoped<SelfRegistrationStore>();
        services.AddScoped<SelfRegistrationNotices>();
        services.AddScoped<ProvenRegistrationJob>();
        services.AddScoped<PendingReviews>();
        services.AddSingleton<INotificationTemplateSource, SelfRegistrationTemplates>();
        services.AddFileOwner(DocumentRules.StorageArea, "registration.documents", "file_key");
        services.AddFileOwner(DocumentRules.ThumbnailArea, "registration.documents", "thumbnail_key");
    }
}
