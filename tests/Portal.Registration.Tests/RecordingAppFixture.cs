using System.Collections.Concurrent;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;

namespace Portal.Registration.Tests;

/// <summary>Records every integration event the registry publishes, as another module's handler would receive them.</summary>
public sealed class EventRecorder :
    INotificationHandler<PatientCreated>, INotificationHandler<PatientContactsChanged>, INotificationHandler<PatientPortalAccessChanged>
{
    public ConcurrentQueue<object> Received { get; } = new();

    public IReadOnlyList<T> Of<T>(Guid patientId)
        where T : class =>
        Received.OfType<T>().Where(e => e switch
        {
            PatientCreated c => c.PatientId == patientId,
            PatientContactsChanged c => c.PatientId == patientId,
            PatientPortalAccessChanged c => c.PatientId == patientId,
            _ => false,
        }).ToList();

    public Task Handle(PatientCreated notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(PatientContactsChanged notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(PatientPortalAccessChanged notification, CancellationToken cancellationToken) => Record(notification);

    private Task Record(object notification)
    {
        Received.Enqueue(notification);
        return Task.CompletedTask;
    }
}

public sealed class RecordingAppFixture : IAsyncLifetime
{
    private PortalApp? _app;

    public EventRecorder Events { get; } = new();

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await PortalApp.StartAsync(new PortalAppOptions
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<INotificationHandler<PatientCreated>>(Events);
            services.AddSingleton<INotificationHandler<PatientContactsChanged>>(Events);
            services.AddSingleton<INotificationHandler<PatientPortalAccessChanged>>(Events);
        },
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
