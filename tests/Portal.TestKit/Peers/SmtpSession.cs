using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace Portal.TestKit.Peers;

/// <summary>One SMTP connection to the <see cref="SmtpSink"/>: reads commands, answers them and collects messages.</summary>
internal sealed class SmtpSession(SmtpSink sink, Socket socket)
{
    // RFC 5321 allows 512 octets per command line; a little more is tolerated, far more is refused.
    private const int MaxCommandLength = 4096;
    private const int MaxRecipients = 1000;
    private const int IpProtocolTcp = 6;
    private const int TcpQuickAck = 12;

    private static readonly byte[] QuickAckOn = BitConverter.GetBytes(1);
    private static readonly byte[] Greeting = Reply("220 127.0.0.1 ESMTP Portal test mail server ready");
    private static readonly byte[] EhloReply = Reply(
        "250-127.0.0.1 Hello",
        "250-8BITMIME",
        "250-SMTPUTF8",
        $"250-SIZE {SmtpSink.MaxMessageSize}",
        "250-PIPELINING",
        "250-ENHANCEDSTATUSCODES",
        "250 AUTH PLAIN LOGIN");

    private static readonly byte[] HeloReply = Reply("250 127.0.0.1");
    private static readonly byte[] Ok = Reply("250 2.0.0 Ok");
    private static readonly byte[] SenderOk = Reply("250 2.1.0 Sender ok");
    private static readonly byte[] RecipientOk = Reply("250 2.1.5 Recipient ok");
    private static readonly byte[] StartData = Reply("354 End data with <CR><LF>.<CR><LF>");
    private static readonly byte[] CannotVerify = Reply("252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery");
    private static readonly byte[] Help = Reply("214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY AUTH QUIT");
    private static readonly byte[] Bye = Reply("221 2.0.0 Bye");
    private static readonly byte[] Authenticated = Reply("235 2.7.0 Authentication successful");
    private static readonly byte[] AskUsername = Reply("334 VXNlcm5hbWU6");
    private static readonly byte[] AskPassword = Reply("334 UGFzc3dvcmQ6");
    private static readonly byte[] AskPlainCredentials = Reply("334 ");
    private static readonly byte[] LineTooLong = Reply("500 5.5.2 Line too long");
    private static readonly byte[] Unrecognized = Reply("500 5.5.2 Command unrecognized");
    private static readonly byte[] NotImplemented = Reply("502 5.5.1 Command not implemented");
    private static readonly byte[] SayHelloFirst = Reply("503 5.5.1 Send EHLO or HELO first");
    private static readonly byte[] NestedMail = Reply("503 5.5.1 Nested MAIL command");
    private static readonly byte[] NeedMail = Reply("503 5.5.1 Need MAIL command first");
    private static readonly byte[] NeedRecipient = Reply("503 5.5.1 Need RCPT command first");
    private static readonly byte[] AlreadyAuthenticated = Reply("503 5.5.1 Already authenticated");
    private static readonly byte[] AuthDuringMail = Reply("503 5.5.1 AUTH not allowed during a mail transaction");
    private static readonly byte[] UnknownMechanism = Reply("504 5.5.4 Unrecognized authentication type");
    private static readonly byte[] AuthCancelled = Reply("501 5.7.0 Authentication cancelled");
    private static readonly byte[] BadCredentials = Reply("501 5.5.2 Cannot decode the credentials");
    private static readonly byte[] TooManyRecipients = Reply("452 4.5.3 Too many recipients");
    private static readonly byte[] TooBig = Reply("552 5.3.4 Message size exceeds the fixed limit");

    private readonly byte[] _buffer = new byte[32 * 1024];
    private readonly ArrayBufferWriter<byte> _data = new(16 * 1024);
    private readonly List<string> _recipients = [];
    private int _start;
    private int _end;
    private string? _greetedAs;
    private string? _mailFrom;
    private string? _user;

    /// <summary>Ends when the session does; faults only on a defect, never on a dropped connection.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    public void Abort() => socket.Dispose();

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await SendAsync(Greeting, stopping);
            while (await ReadCommandAsync(stopping) is { } line)
            {
                if (!await HandleAsync(line, stopping))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The sender went away or the sink is stopping: nothing to answer.
        }
    }

    private static byte[] Reply(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));

    private static (string Command, string Argument) Split(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? (line.ToUpperInvariant(), string.Empty)
            : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
    }

    /// <summary>Reads "FROM:&lt;address&gt; PARAM=VALUE ..." into the address and its parameters.</summary>
    private static bool TryParsePath(string argument, string keyword, out string address, out string[] parameters)
    {
        address = string.Empty;
        parameters = [];
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument[keyword.Length..].TrimStart();
        string remainder;
        if (rest.StartsWith('<'))
        {
            var close = rest.IndexOf('>', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            address = rest[1..close];
            remainder = rest[(close + 1)..];
        }
        else
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            address = space < 0 ? rest : rest[..space];
            remainder = space < 0 ? string.Empty : rest[space..];
        }

        parameters = remainder.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return true;
    }

    private static bool DeclaresTooBig(string[] parameters)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.StartsWith("SIZE=", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(parameter.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var size)
                && size > SmtpSink.MaxMessageSize)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<bool> HandleAsync(CommandLine line, CancellationToken stopping)
    {
        if (line.TooLong)
        {
            await SendAsync(LineTooLong, stopping);
            return true;
        }

        var (command, argument) = Split(line.Text);
        switch (command)
        {
            case "EHLO":
            case "HELO":
                if (argument.Length == 0)
                {
                    await SendAsync(Reply("501 5.5.4 Syntax: " + command + " hostname"), stopping);
                    return true;
                }

                _greetedAs = argument;
                ResetTransaction();
                await SendAsync(command == "EHLO" ? EhloReply : HeloReply, stopping);
                return true;
            case "MAIL":
                await MailAsync(argument, stopping);
                return true;
            case "RCPT":
                await RecipientAsync(argument, stopping);
                return true;
            case "DATA":
                await DataAsync(argument, stopping);
                return true;
            case "RSET":
                ResetTransaction();
                await SendAsync(Ok, stopping);
                return true;
            case "NOOP":
                await SendAsync(Ok, stopping);
                return true;
            case "VRFY":
                await SendAsync(CannotVerify, stopping);
                return true;
            case "HELP":
                await SendAsync(Help, stopping);
                return true;
            case "AUTH":
                return await AuthenticateAsync(argument, stopping);
            case "EXPN":
            case "STARTTLS":
            case "BDAT":
            case "TURN":
                await SendAsync(NotImplemented, stopping);
                return true;
            case "QUIT":
                await SendAsync(Bye, stopping);
                socket.Shutdown(SocketShutdown.Both);
                return false;
            default:
                await SendAsync(Unrecognized, stopping);
                return true;
        }
    }

    private async ValueTask MailAsync(string argument, CancellationToken stopping)
    {
        if (_greetedAs is null)
        {
            await SendAsync(SayHelloFirst, stopping);
        }
        else if (_mailFrom is not null)
        {
            await SendAsync(NestedMail, stopping);
        }
        else if (!TryParsePath(argument, "FROM:", out var address, out var parameters))
        {
            await SendAsync(Reply("501 5.5.4 Syntax: MAIL FROM:<address>"), stopping);
        }
        else if (DeclaresTooBig(parameters))
        {
            await SendAsync(TooBig, stopping);
        }
        else
        {
            _mailFrom = address;
            await SendAsync(SenderOk, stopping);
        }
    }

    private async ValueTask RecipientAsync(string argument, CancellationToken stopping)
    {
        if (_mailFrom is null)
        {
            await SendAsync(NeedMail, stopping);
        }
        else if (!TryParsePath(argument, "TO:", out var address, out _) || address.Length == 0)
        {
            await SendAsync(Reply("501 5.5.4 Syntax: RCPT TO:<address>"), stopping);
        }
        else if (_recipients.Count >= MaxRecipients)
        {
            await SendAsync(TooManyRecipients, stopping);
        }
        else
        {
            _recipients.Add(address);
            await SendAsync(RecipientOk, stopping);
        }
    }

    private async ValueTask DataAsync(string argument, CancellationToken stopping)
    {
        if (_mailFrom is null)
        {
            await SendAsync(NeedMail, stopping);
            return;
        }

        if (_recipients.Count == 0)
        {
            await SendAsync(NeedRecipient, stopping);
            return;
        }

        if (argument.Length > 0)
        {
            await SendAsync(Reply("501 5.5.4 Syntax: DATA"), stopping);
            return;
        }

        await SendAsync(StartData, stopping);
        var fits = await ReadMessageAsync(stopping);
        if (!fits)
        {
            ResetTransaction();
            await SendAsync(TooBig, stopping);
            return;
        }

        var email = new ReceivedEmail(_mailFrom, [.. _recipients], _data.WrittenSpan.ToArray(), DateTimeOffset.UtcNow, _user);
        ResetTransaction();
        var delay = sink.DelayPerMessage;
        if (delay > TimeSpan.Zero)
        {
            await Pauses.AtLeastAsync(delay, stopping);
        }

        sink.Accept(email);
        await SendAsync(Reply("250 2.0.0 Ok: queued as " + sink.NextQueueId()), stopping);
    }

    private async ValueTask<bool> AuthenticateAsync(string argument, CancellationToken stopping)
    {
        if (_greetedAs is null)
        {
            await SendAsync(SayHelloFirst, stopping);
            return true;
        }

        if (_user is not null)
        {
            await SendAsync(AlreadyAuthenticated, stopping);
            return true;
        }

        if (_mailFrom is not null)
        {
            await SendAsync(AuthDuringMail, stopping);
            return true;
        }

        var (mechanism, initial) = Split(argument);
        switch (mechanism)
        {
            case "PLAIN":
                {
                    var response = initial.Length > 0 ? initial : await AskAsync(AskPlainCredentials, stopping);
                    if (response is null)
                    {
                        return false;
                    }

                    // authorization identity NUL authentication identity NUL password (RFC 4616)
                    var fields = DecodeBase64(response)?.Split('\0');
                    return await FinishAuthenticationAsync(response, fields is { Length: 3 } ? fields[1] : null, stopping);
                }

            case "LOGIN":
                {
                    var username = initial.Length > 0 ? initial : await AskAsync(AskUsername, stopping);
                    if (username is null)
                    {
                        return false;
                    }

                    if (username == "*")
                    {
                        await SendAsync(AuthCancelled, stopping);
                        return true;
                    }

                    var password = await AskAsync(AskPassword, stopping);
                    if (password is null)
                    {
                        return false;
                    }

                    return await FinishAuthenticationAsync(password, password == "*" ? null : DecodeBase64(username), stopping);
                }

            default:
                await SendAsync(UnknownMechanism, stopping);
                return true;
        }
    }

    private async ValueTask<bool> FinishAuthenticationAsync(string lastResponse, string? user, CancellationToken stopping)
    {
        if (lastResponse == "*")
        {
            await SendAsync(AuthCancelled, stopping);
        }
        else if (user is null)
        {
            await SendAsync(BadCredentials, stopping);
        }
        else
        {
            _user = user;
            await SendAsync(Authenticated, stopping);
        }

        return true;
    }

    private async ValueTask<string?> AskAsync(byte[] challenge, CancellationToken stopping)
    {
        await SendAsync(challenge, stopping);
        var line = await ReadCommandAsync(stopping);
        return line is null ? null : line.Value.TooLong ? string.Empty : line.Value.Text.Trim();
    }

    private static string? DecodeBase64(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private void ResetTransaction()
    {
        _mailFrom = null;
        _recipients.Clear();
    }

    private async ValueTask SendAsync(byte[] reply, CancellationToken stopping)
    {
        var sent = 0;
        while (sent < reply.Length)
        {
            sent += await socket.SendAsync(reply.AsMemory(sent), SocketFlags.None, stopping);
        }
    }

    /// <summary>Reads more bytes after those buffered; false when the sender has closed the connection.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken stopping)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        AcknowledgeQuickly();
        var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, stopping);
        _end += read;
        return read > 0;
    }

    /// <summary>The next command line without its line ending; null when the connection has closed.</summary>
    private async ValueTask<CommandLine?> ReadCommandAsync(CancellationToken stopping)
    {
        var discarding = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                if (discarding || line.Length > MaxCommandLength)
                {
                    return new CommandLine(string.Empty, TooLong: true);
                }

                if (line.EndsWith((byte)'\r'))
                {
                    line = line[..^1];
                }

                return new CommandLine(Encoding.UTF8.GetString(line), TooLong: false);
            }

            if (_end - _start > MaxCommandLength)
            {
                discarding = true;
                _start = _end;
            }

            if (!await FillAsync(stopping))
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Reads the mail data up to the line holding a single dot, undoing dot-stuffing (RFC 5321 4.5.2), into
    /// <see cref="_data"/>. Lines of any length are taken. False when the message is over the size limit.
    /// </summary>
    private async ValueTask<bool> ReadMessageAsync(CancellationToken stopping)
    {
        _data.ResetWrittenCount();
        var fits = true;
        var midLine = false;
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = pending[..(newline + 1)];
                _start += newline + 1;
                if (!midLine)
                {
                    if (line.SequenceEqual(".\r\n"u8) || line.SequenceEqual(".\n"u8))
                    {
                        return fits;
                    }

                    if (line[0] == (byte)'.')
                    {
                        line = line[1..];
                    }
                }

                midLine = false;
                fits = Append(line, fits);
                continue;
            }

            // A line longer than the buffer: keep what has come so far (a lone dot line is never this long).
            if (pending.Length >= _buffer.Length / 2)
            {
                var part = pending;
                if (!midLine && part[0] == (byte)'.')
                {
                    part = part[1..];
                }

                fits = Append(part, fits);
                midLine = true;
                _start = _end;
            }

            if (!await FillAsync(stopping))
            {
                throw new IOException("The sender closed the connection in the middle of DATA.");
            }
        }
    }

    /// <summary>
    /// Asks Linux to acknowledge what arrives at once (TCP_QUICKACK; it wears off, so before every read).
    /// SmtpClient writes a message in several small sends without TCP_NODELAY; with delayed acknowledgements
    /// each of its messages would otherwise wait about 40 ms for Nagle's algorithm.
    /// </summary>
    private void AcknowledgeQuickly()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, QuickAckOn);
            }
            catch (SocketException)
            {
                // Only a speed-up.
            }
        }
    }

    private bool Append(ReadOnlySpan<byte> bytes, bool fits)
    {
        if (!fits || _data.WrittenCount + bytes.Length > SmtpSink.MaxMessageSize)
        {
            return false;
        }

        _data.Write(bytes);
        return true;
    }

    private readonly record struct CommandLine(string Text, bool TooLong);
}
