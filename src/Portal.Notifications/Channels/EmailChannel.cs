using System.Collections.Concurrent;
using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Notifications.Templates;
using Portal.Shared;

namespace Portal.Notifications.Channels;

public enum EmailMode
{
    /// <summary>Write each message as an .eml file into <see cref="EmailOptions.PickupDirectory"/> (the embedded default).</summary>
    Pickup,

    /// <summary>Send through an SMTP server.</summary>
    Smtp,
}

/// <summary>The <c>Notifications:Email</c> configuration section.</summary>
public sealed class EmailOptions
{
    public EmailMode Mode { get; set; } = EmailMode.Pickup;

    public string PickupDirectory { get; set; } = ".data/mail";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (required by most providers).</summary>
    public bool StartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "portal@localhost";

    public string FromName { get; set; } = "Portal";

    /// <summary>SMTP connections used at once.</summary>
    public int MaxConnections { get; set; } = 16;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed record OutgoingEmail(Guid NotificationId, string To, string Language, RenderedEmail Content);

internal interface IEmailSender
{
    Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>
/// Email through <see cref="SmtpClient"/>. A client sends one message at a time, so a small pool of
/// them gives parallelism. Failures the server or network may recover from are retried later.
/// </summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, IOptions<PortalOptions> portal) : IEmailSender, IDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConnections, options.Value.MaxConnections);

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = EmailMessages.Build(email, options.Value, portal.Value.PublicUrl);
        await _slots.WaitAsync(cancellationToken);
        var client = _idle.TryTake(out var pooled) ? pooled : CreateClient();
        var healthy = true;
        try
        {
            await client.SendMailAsync(message, cancellationToken);
            return SendOutcome.Sent(null, "accepted");
        }
        catch (SmtpFailedRecipientException refused) when (IsPermanent(refused.StatusCode))
        {
            return SendOutcome.Failed($"The server refused the recipient: {(int)refused.StatusCode} {refused.Message}");
        }
        catch (SmtpException smtp) when (IsPermanent(smtp.StatusCode))
        {
            healthy = false;
            return SendOutcome.Failed($"The server refused the message: {(int)smtp.StatusCode} {smtp.Message}");
        }
        catch (Exception failure) when (failure is SmtpException or IOException or SocketException or TimeoutException or InvalidOperationException)
        {
            healthy = false;
            return SendOutcome.Retry($"Could not send by SMTP: {failure.Message}");
        }
        finally
        {
            if (healthy)
            {
                _idle.Add(client);
            }
            else
            {
                client.Dispose();
            }

            _slots.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            client.Dispose();
        }

        _slots.Dispose();
    }

    // 5xx replies are permanent; 4xx and connection failures (GeneralFailure) may pass.
    private static bool IsPermanent(SmtpStatusCode code) => (int)code >= 500;

    private SmtpClient CreateClient()
    {
        var settings = options.Value;
        return new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.StartTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)settings.Timeout.TotalMilliseconds,
            Credentials = settings.UserName is null ? null : new NetworkCredential(settings.UserName, settings.Password),
        };
    }
}

/// <summary>Writes each email as an .eml file, for the embedded default and for looking at messages during development.</summary>
internal sealed class PickupEmailSender(IOptions<EmailOptions> options, IOptions<PortalOptions> portal) : IEmailSender
{
    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        using var message = EmailMessages.Build(email, options.Value, portal.Value.PublicUrl);
        using var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = directory };
        await client.SendMailAsync(message, cancellationToken);
        return SendOutcome.Sent(null, "written");
    }
}

internal static class EmailMessages
{
    /// <summary>
    /// A text and an HTML part in the recipient's language. The Message-ID is the notification's own
    /// id, so a copy sent again after a crash can be recognised as the same message.
    /// </summary>
    public static MailMessage Build(OutgoingEmail email, EmailOptions options, Uri publicUrl)
    {
        var message = new MailMessage
        {
            From = new MailAddress(options.FromAddress, options.FromName, Encoding.UTF8),
            Subject = email.Content.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = email.Content.Text,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(email.To));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.Content.Html, Encoding.UTF8, "text/html"));
        message.Headers.Add("Message-ID", $"<{email.NotificationId}@{publicUrl.Host}>");
        message.Headers.Add("Content-Language", email.Language);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
