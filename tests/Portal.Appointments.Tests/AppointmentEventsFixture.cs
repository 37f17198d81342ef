using System.Collections.Concurrent;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Portal.Appointments.Contracts;
using Portal.TestKit.Peers;

namespace Portal.Appointments.Tests;

/// <summary>Records every appointment event as another module's handler receives it, inside the publishing transaction.</summary>
public sealed class AppointmentEventRecorder :
    INotificationHandler<AppointmentBooked>, INotificationHandler<AppointmentRequested>, INotificationHandler<AppointmentRescheduled>,
    INotificationHandler<AppointmentCancelled>
{
    public ConcurrentQueue<object> Received { get; } = new();

    /// <summary>The events about one appointment, in the order published.</summary>
    public IReadOnlyList<object> About(Guid appointmentId) =>
        Received.Where(e => e switch
        {
            AppointmentBooked b => b.AppointmentId == appointmentId,
            AppointmentRequested r => r.AppointmentId == appointmentId,
            AppointmentRescheduled r => r.AppointmentId == appointmentId,
            AppointmentCancelled c => c.AppointmentId == appointmentId,
            _ => false,
        }).ToList();

    public Task Handle(AppointmentBooked notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(AppointmentRequested notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(AppointmentRescheduled notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(AppointmentCancelled notification, CancellationToken cancellationToken) => Record(notification);

    private Task Record(object notification)
    {
        Received.Enqueue(notification);
        return Task.CompletedTask;
    }
}

/// <summary>The app with email to a real SMTP server (patients sign in by passcode) and the appointment events recorded.</summary>
public sealed class AppointmentEventsFixture : IAsyncLifetime
{
    private PortalApp? _app;

    public AppointmentEventRecorder Events { get; } = new();

    public SmtpSink Smtp { get; private set; } = null!;

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        var options = new PortalAppOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<INotificationHandler<AppointmentBooked>>(Events);
                services.AddSingleton<INotificationHandler<AppointmentRequested>>(Events);
                services.AddSingleton<INotificationHandler<AppointmentRescheduled>>(Events);
                services.AddSingleton<INotificationHandler<AppointmentCancelled>>(Events);
            },
        }.WithSmtp(Smtp.Port);
        options.Settings["Portal:RateLimits:SignInPerMinute"] = "100000";
        _app = await PortalApp.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Smtp.DisposeAsync();
    }
}
