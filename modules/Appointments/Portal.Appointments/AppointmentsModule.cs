using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Appointments.Scheduling;
using Portal.Notifications;
using Portal.Shared.Caching;
using Portal.Shared.Database;
using Portal.Shared.Modules;

namespace Portal.Appointments;

/// <summary>Providers, locations, appointment types, availability, free slots and patients' bookings.</summary>
public sealed class AppointmentsModule : IPortalModule
{
    public string Name => "Appointments";

    public string Schema => "appointments";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ScheduleSetupCache>();
        services.AddSingleton<FreeSlotCache>();
        services.AddSingleton<ScheduleSetups>();
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<ScheduleSetupCache>(), ScheduleSetupCache.ChannelName));
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<FreeSlotCache>(), ScheduleSetupCache.ChannelName));
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<FreeSlotCache>(), FreeSlotCache.ChannelName));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ScheduleCacheRefresh<,>));
        services.AddScoped<ScheduleStore>();
        services.AddScoped<FreeSlots>();
        services.AddScoped<BookingRulesStore>();
        services.AddScoped<AppointmentChanges>();
        services.Configure<EarlierSlots.EarlierSlotOptions>(configuration.GetSection("Appointments:EarlierSlotOffers"));
        services.AddScoped<EarlierSlots.EarlierSlotOffers>();
        services.AddScoped<Features.MyAppointments.MyLockedAppointment>();
        services.AddScoped<Features.MyAppointments.MyAppointmentViews>();
        services.AddScoped<Features.StaffAppointments.StaffAppointmentViews>();
        services.AddScoped<Features.StaffAppointments.StaffAppointmentChanges>();
        services.AddSingleton<INotificationTemplateSource, Notices.AppointmentTemplates>();
        services.AddScoped<Reminders.ReminderSettingsStore>();
        services.AddScoped<Reminders.ReminderLedger>();
        services.AddScoped<Notices.AppointmentFactsReader>();
        services.AddScoped<Notices.AppointmentNotices>();
        services.AddSingleton<Notices.NoticeWordings>();
        services.AddSingleton<Calendar.AppointmentCalendar>();
        services.AddSingleton<INotificationTemplateSource, Visits.VisitTemplates>();
        services.Configure<Visits.IceOptions>(configuration.GetSection("Appointments:Visits:Ice"));
        services.AddSingleton<Visits.VisitCodes>();
        services.AddSingleton<Visits.VisitTickets>();
        services.AddSingleton<Visits.VisitRooms>();
        services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 2 * Visits.VisitHub.MaxSignalChars);
        services.AddSingleton<Visits.IceServers>();
        services.AddScoped<Visits.VisitSettingsStore>();
        services.AddScoped<Visits.VisitAppointments>();
        services.AddScoped<Visits.VisitCodeIssuer>();
        services.AddScoped<Features.Visits.VisitCodeService>();
        services.AddScoped<Features.Visits.VisitAdmission>();
        services.AddScoped<Contracts.IAppointmentFacts, Facts.AppointmentFacts>();
    }
}
