using System.Net.Sockets;
using System.Text;

namespace Portal.TestKit.Tests;

/// <summary>A hand-typed SMTP session over a socket, to check the sink's answers line by line.</summary>
internal sealed class SmtpConversation : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private SmtpConversation(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public string Greeting { get; private set; } = string.Empty;

    public static async Task<SmtpConversation> OpenAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var conversation = new SmtpConversation(tcp);
        conversation.Greeting = await conversation.ReadReplyAsync();
        return conversation;
    }

    /// <summary>Sends a mail transaction as a well-behaved client does and returns the answer to the data.</summary>
    public static async Task<string> SendAsync(int port, string rawMessage, string from = "sender@portal.test", string to = "patient@portal.test")
    {
        await using var smtp = await OpenAsync(port);
        (await smtp.CommandAsync("EHLO client.test")).ShouldStartWith("250");
        (await smtp.CommandAsync($"MAIL FROM:<{from}>")).ShouldStartWith("250");
        (await smtp.CommandAsync($"RCPT TO:<{to}>")).ShouldStartWith("250");
        (await smtp.CommandAsync("DATA")).ShouldStartWith("354");
        return await smtp.SendDataAsync(rawMessage);
    }

    /// <summary>Sends one command line and reads the whole (possibly multi-line) reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await WriteAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Sends message text with dot-stuffing and the terminating dot, and reads the reply.</summary>
    public async Task<string> SendDataAsync(string rawMessage)
    {
        var lines = rawMessage.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var data = new StringBuilder();
        foreach (var line in lines)
        {
            data.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n");
        }

        data.Append(".\r\n");
        await WriteAsync(data.ToString());
        return await ReadReplyAsync();
    }

    public async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Reads reply lines until one whose code is followed by a space (RFC 5321 4.2); lines joined with \n.</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("The server closed the connection. Read so far: " + string.Join("\n", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    /// <summary>True when the server has closed its side: a read returns nothing.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await _reader.ReadLineAsync(timeout.Token) is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
