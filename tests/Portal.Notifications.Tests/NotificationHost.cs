using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications;
using Portal.Shared.Database;
using Portal.TestKit.Peers;

namespace Portal.Notifications.Tests;

/// <summary>Templates only these tests use: a routine reminder (quiet hours apply) and an urgent passcode (they do not).</summary>
public sealed class TestTemplates : INotificationTemplateSource
{
    public const string Reminder = "test.reminder";
    public const string Passcode = "test.passcode";

    public IEnumerable<NotificationTemplate> Templates { get; } =
    [
        new NotificationTemplate(Reminder, ["link"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new("You have a reminder", "Something is waiting for you: {link}", "<p>Something is waiting for you: <a href=\"{link}\">open it</a></p>"),
                ["fr"] = new("Vous avez un rappel", "Quelque chose vous attend : {link}", "<p>Quelque chose vous attend : <a href=\"{link}\">l'ouvrir</a></p>"),
            },
            Sms = new Dictionary<string, string>
            {
                ["en"] = "Something is waiting for you: {link}",
                ["fr"] = "Quelque chose vous attend : {link}",
            },
        },
        new NotificationTemplate(Passcode, ["code"])
        {
            ExemptFromQuietHours = true,
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new("Your code", "Your code is {code}", "<p>Your code is {code}</p>"),
                ["fr"] = new("Votre code", "Votre code est {code}", "<p>Votre code est {code}</p>"),
            },
            Sms = new Dictionary<string, string> { ["en"] = "Your code is {code}", ["fr"] = "Votre code est {code}" },
        },
    ];
}

/// <summary>A host whose email goes to a real SMTP server and whose SMS go to the Twilio stand-in.</summary>
public sealed class NotificationHost : IAsyncLifetime
{
    private PortalApp? _app;

    public SmtpSink Smtp { get; private set; } = null!;

    public TwilioStandIn Twilio { get; private set; } = null!;

    public PortalApp App => _app ?? throw new InvalidOperationException("Not started.");

    public static PortalAppOptions Options(SmtpSink smtp, TwilioStandIn twilio)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        ArgumentNullException.ThrowIfNull(twilio);
        var options = new PortalAppOptions
        {
            ConfigureServices = services => services.AddSingleton<INotificationTemplateSource, TestTemplates>(),
        }.WithSmtp(smtp.Port).WithTwilio(twilio.BaseUrl, TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);
        // Retries wait for the test's clock, not for real time.
        options.Settings["Notifications:Dispatch:RetryBaseDelay"] = "00:01:00";
        // These tests are about quiet hours: the Portal defaults, not the test kit's minute away.
        options.Settings["Notifications:Dispatch:QuietHoursStart"] = "21:00";
        options.Settings["Notifications:Dispatch:QuietHoursEnd"] = "08:00";
        return options;
    }

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Twilio = await TwilioStandIn.StartAsync();
        _app = await PortalApp.StartAsync(Options(Smtp, Twilio));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Twilio.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed record OutboxRow(
    Guid Id, string Channel, string Recipient, string State, int AttemptCount, int MaxAttempts, string? LastError,
    string? ProviderMessageId, string? ProviderStatus, DateTimeOffset NotBefore, bool DataErased, string TemplateKey);

public static class Notifications
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Task<IReadOnlyList<Guid>> EnqueueAsync(this PortalApp app, NotificationRequest request) =>
        app.InScopeAsync(services => services.GetRequiredService<INotificationOutbox>().EnqueueAsync(request, CancellationToken.None));

    public static NotificationRequest Reminder(Guid? clinicId, NotificationChannels channels, string? email = "patient@clinic.test", string? phone = "+16135550123", string language = "en") =>
        new(TestTemplates.Reminder, clinicId, channels, email, phone, language, new Dictionary<string, string> { ["link"] = "https://portal.example/c/m/1" }, "reminder:" + Guid.NewGuid());

    public static async Task<IReadOnlyList<OutboxRow>> OutboxAsync(this PortalApp app, IEnumerable<Guid> ids) =>
        await app.QueryAsync<OutboxRow>(
            """
            select id, channel, recipient, state, attempt_count, max_attempts, last_error, provider_message_id, provider_status,
                   not_before, data_protected is null as data_erased, template_key
            from notifications.outbox where id = any(@ids) order by channel
            """,
            new { ids = ids.ToArray() });

    /// <summary>Polls until every row satisfies <paramref name="settled"/>, and returns them.</summary>
    public static Task<IReadOnlyList<OutboxRow>> WaitForAsync(this PortalApp app, IReadOnlyCollection<Guid> ids, Func<OutboxRow, bool> settled, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => app.OutboxAsync(ids),
            rows => rows.Count == ids.Count && rows.All(settled),
            rows => "Notifications did not settle: " + string.Join("; ", rows.Take(5)) +
                "\nThe host logged:\n" + string.Join("\n", app.Logs.Errors.Take(5)),
            timeout ?? Patience);

    public static Task<T> InTransactionAsync<T>(this PortalApp app, Func<IServiceProvider, Task<T>> work, bool commit) =>
        app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            var result = await work(services);
            if (commit)
            {
                await db.CommitAsync(CancellationToken.None);
            }
            else
            {
                await db.RollbackAsync(CancellationToken.None);
            }

            return result;
        });
}
