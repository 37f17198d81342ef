using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
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

    /// <summary>Upgrade the connection with STARTTLS (required by most providers on port 587).</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>Speak TLS from the first byte (SMTPS, usually port 465); <see cref="StartTls"/> is then not used.</summary>
    public bool ImplicitTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "portal@localhost";

    public string FromName { get; set; } = "Portal";

    /// <summary>SMTP connections kept open and used at once; empty means as many as the dispatcher sends in parallel.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>The longest one message may take, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed record OutgoingEmail(Guid NotificationId, string To, string Language, RenderedEmail Content)
{
    public NotificationAttachment? Attachment { get; init; }
}

internal interface IEmailSender
{
    Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>
/// Email through MailKit over a pool of kept-open SMTP connections, one message at a time on each.
/// Every send, connecting included, is bounded by <see cref="EmailOptions.Timeout"/>, so a server that
/// stops answering frees its slot. A connection that failed in any way is closed, never reused.
/// Failures the server or network may recover from are retried later by the dispatcher.
/// </summary>
internal sealed class SmtpEmailSender : IEmailSender, IDisposable
{
    private readonly EmailOptions _options;
    private readonly Uri _publicUrl;
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _slots;

    public SmtpEmailSender(IOptions<EmailOptions> options, IOptions<DispatchOptions> dispatch, IOptions<PortalOptions> portal)
    {
        _options = options.Value;
        _publicUrl = portal.Value.PublicUrl;
        var size = Math.Max(1, _options.MaxConnections ?? dispatch.Value.Parallelism);
        _slots = new SemaphoreSlim(size, size);
    }

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = EmailMessages.Build(email, _options, _publicUrl);
        await _slots.WaitAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        SmtpClient? client = null;
        var reusable = false;
        try
        {
            client = await OpenAsync(deadline.Token);
            await client.SendAsync(message, deadline.Token);
            reusable = true;
            return SendOutcome.Sent(null, "accepted");
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            return refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted
                ? SendOutcome.Failed($"The server refused the recipient: {(int)refused.StatusCode} {refused.Message}")
                : SendOutcome.Failed($"The server refused the message: {(int)refused.StatusCode} {refused.Message}");
        }
        catch (Exception timedOut) when (timedOut is TimeoutException || (timedOut is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // MailKit's own socket timeout and the send's deadline are the same wait; whichever fires first, the answer is the same.
            return SendOutcome.Retry($"Could not send by SMTP: no answer from {_options.Host}:{_options.Port} within {_options.Timeout}.");
        }
        catch (Exception failure) when (failure is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
            or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException or SslHandshakeException
            or IOException or SocketException)
        {
            return SendOutcome.Retry($"Could not send by SMTP: {failure.Message}");
        }
        finally
        {
            if (client is not null)
            {
                if (reusable)
                {
                    _idle.Add(client);
                }
                else
                {
                    client.Dispose();
                }
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

    private async Task<SmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.IsConnected)
            {
                return pooled;
            }

            pooled.Dispose();
        }

        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var security = _options.ImplicitTls ? SecureSocketOptions.SslOnConnect
                : _options.StartTls ? SecureSocketOptions.StartTls
                : SecureSocketOptions.None;
            await client.ConnectAsync(_options.Host, _options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(new NetworkCredential(_options.UserName, _options.Password), cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Writes each email as an .eml file, for the embedded default and for looking at messages during
/// development. The envelope goes first as X-Sender and X-Receiver headers, as pickup directories expect.
/// </summary>
internal sealed class PickupEmailSender(IOptions<EmailOptions> options, IOptions<PortalOptions> portal) : IEmailSender
{
    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        using var message = EmailMessages.Build(email, options.Value, portal.Value.PublicUrl);
        var path = Path.Combine(directory, $"{email.NotificationId:N}.eml");
        var writing = path + ".tmp";
        await using (var file = new FileStream(writing, FileMode.Create, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
        {
            var envelope = Encoding.UTF8.GetBytes($"X-Sender: {options.Value.FromAddress}\r\nX-Receiver: {email.To}\r\n");
            await file.WriteAsync(envelope, cancellationToken);
            await message.WriteToAsync(file, cancellationToken);
        }

        // Readers of the directory see whole messages only.
        File.Move(writing, path, overwrite: true);
        return SendOutcome.Sent(null, "written");
    }
}

internal static class EmailMessages
{
    /// <summary>
    /// A text and an HTML alternative in the recipient's language, and the notification's attachment if it has one. The Message-ID is the notification's
    /// own id, so a copy sent again after a crash or a retry can be recognised as the same message.
    /// </summary>
    public static MimeMessage Build(OutgoingEmail email, EmailOptions options, Uri publicUrl)
    {
        var message = new MimeMessage
        {
            Subject = email.Content.Subject,
            MessageId = $"{email.NotificationId}@{publicUrl.Host}",
            Date = DateTimeOffset.UtcNow,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Headers.Add("Content-Language", email.Language);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = email.Content.Text, HtmlBody = email.Content.Html };
        if (email.Attachment is { } attachment)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
