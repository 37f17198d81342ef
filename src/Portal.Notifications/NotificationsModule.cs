using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Notifications.Channels;
using Portal.Notifications.Dispatch;
using Portal.Notifications.Outbox;
using Portal.Notifications.Templates;
using Portal.Shared.Database;
using Portal.Shared.Modules;

namespace Portal.Notifications;

/// <summary>
/// Email and SMS for every module: the outbox they write to in their own transactions, templates in
/// English and French, the dispatch job, delivery reports, quiet hours, and the operators' queue view.
/// Modules contribute templates by registering an <see cref="INotificationTemplateSource"/>.
/// </summary>
public sealed class NotificationsModule : IPortalModule
{
    public string Name => "Notifications";

    public string Schema => "notifications";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection("Notifications:Email"));
        services.Configure<SmsOptions>(configuration.GetSection("Notifications:Sms"));
        services.Configure<DispatchOptions>(configuration.GetSection("Notifications:Dispatch"));

        services.AddSingleton<INotificationTemplateSource, PlatformTemplates>();
        services.AddSingleton<TemplateCatalog>();
        services.AddHostedService<TemplateCatalogCheck>();
        services.AddSingleton<TemplateDataProtector>();
        services.AddScoped<INotificationOutbox, NotificationOutbox>();
        services.AddScoped<INotificationDeliveries, NotificationDeliveries>();

        var email = configuration.GetSection("Notifications:Email").Get<EmailOptions>() ?? new EmailOptions();
        if (email.Mode == EmailMode.Smtp)
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, PickupEmailSender>();
        }

        var sms = configuration.GetSection("Notifications:Sms").Get<SmsOptions>() ?? new SmsOptions();
        if (sms.Mode == SmsMode.Twilio)
        {
            services.AddHttpClient<TwilioHttp>();
            services.AddTransient<TwilioSmsSender>();
            services.AddTransient<ISmsSender>(provider =>
                new CountryCheckingSmsSender(provider.GetRequiredService<TwilioSmsSender>(), provider.GetRequiredService<IOptions<SmsOptions>>()));
        }
        else
        {
            services.AddSingleton<FileSmsSender>();
            services.AddSingleton<ISmsSender>(provider =>
                new CountryCheckingSmsSender(provider.GetRequiredService<FileSmsSender>(), provider.GetRequiredService<IOptions<SmsOptions>>()));
        }

        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider => provider.GetRequiredService<DispatchSignal>());
        services.AddSingleton<QuietHoursCalendar>();
        services.AddScoped<NotificationDispatcher>();
    }
}
