using System.Buffers;
using System.Net;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using ServerServices = SmtpServer.ComponentModel.ServiceProvider;

namespace Portal.TestKit.Peers;

/// <summary>
/// A real SMTP server (SmtpServer) on 127.0.0.1, so Portal's mail is sent over a socket exactly as in
/// production and tests can read what arrived. It keeps every message in memory, can be slowed down,
/// stopped (senders then fail to connect) and restarted on the same port. It offers AUTH PLAIN and
/// LOGIN, accepts any credentials and records the user.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    /// <summary>The largest message accepted, as advertised with SIZE.</summary>
    public const int MaxMessageSize = 50 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Arrivals<ReceivedEmail> _messages = new("emails");
    private CancellationTokenSource? _stopping;
    private Task _running = Task.CompletedTask;
    private long _delayTicks;

    private SmtpSink()
    {
    }

    public int Port { get; private set; }

    /// <summary>How long to wait before answering 250 to the end of DATA, to slow a sender down.</summary>
    public TimeSpan DelayPerMessage
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }
    }

    /// <summary>The messages received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedEmail> Messages => _messages.Snapshot();

    public int Count => _messages.Count;

    /// <summary>Starts listening on 127.0.0.1; port 0 takes any free port.</summary>
    public static async Task<SmtpSink> StartAsync(int port = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        var sink = new SmtpSink();
        await sink.ListenAsync(port);
        return sink;
    }

    /// <summary>Stops listening and drops every open connection: senders then fail to connect.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? stopping;
        Task running;
        lock (_gate)
        {
            stopping = _stopping;
            running = _running;
            _stopping = null;
        }

        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    /// <summary>Listens again on the same port (after <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await ListenAsync(Port);
    }

    /// <summary>Waits for a message matching <paramref name="match"/>, including ones already received.</summary>
    public Task<ReceivedEmail> WaitForAsync(Func<ReceivedEmail, bool> match, TimeSpan timeout) => _messages.WaitForAsync(match, timeout);

    /// <summary>Waits until at least <paramref name="count"/> messages have been received.</summary>
    public Task WaitForCountAsync(int count, TimeSpan timeout) => _messages.WaitForCountAsync(count, timeout);

    public void Clear() => _messages.Clear();

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task ListenAsync(int port)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("127.0.0.1")
            .MaxMessageSize(MaxMessageSize)
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .AllowUnsecureAuthentication()
                .AuthenticationRequired(false))
            .Build();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new NoDelayListeners(started);
        var services = new ServerServices();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new AnyUser());
        var server = new SmtpServer.SmtpServer(options, services);
        var stopping = new CancellationTokenSource();
        var running = server.StartAsync(stopping.Token);
        var first = await Task.WhenAny(started.Task, running);
        if (first == running)
        {
            await running;
            throw new InvalidOperationException($"The SMTP server did not start on port {port}.");
        }

        var bound = await started.Task;
        lock (_gate)
        {
            Port = bound;
            _stopping = stopping;
            _running = running;
        }
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var email = new ReceivedEmail(
                Address(transaction.From),
                [.. transaction.To.Select(Address)],
                buffer.ToArray(),
                DateTimeOffset.UtcNow,
                context.Authentication.IsAuthenticated ? context.Authentication.User : null);
            var delay = sink.DelayPerMessage;
            if (delay > TimeSpan.Zero)
            {
                await Pauses.AtLeastAsync(delay, cancellationToken);
            }

            sink._messages.Add(email);
            return SmtpResponse.Ok;
        }

        private static string Address(SmtpServer.Mail.IMailbox mailbox) =>
            string.IsNullOrEmpty(mailbox.User) ? string.Empty : $"{mailbox.User}@{mailbox.Host}";
    }

    /// <summary>
    /// SmtpServer's own listener leaves Nagle's algorithm on, so a reply written in pieces waits for the
    /// sender's delayed ACK (about 40 ms a message); this one turns it off, as mail servers do.
    /// </summary>
    private sealed class NoDelayListeners(TaskCompletionSource<int> started) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start(1024);
            started.TrySetResult(((IPEndPoint)listener.LocalEndpoint).Port);
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();

        public PipeReader Input { get; } = PipeReader.Create(new QuickAckStream(client.GetStream(), client.Client));

        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The test SMTP server does not offer STARTTLS.");

        public void Dispose()
        {
            _stream.Dispose();
            client.Dispose();
        }
    }

    /// <summary>
    /// Reads after asking Linux to acknowledge what arrives at once (TCP_QUICKACK wears off, so before
    /// every read): senders that write a message in several small sends without TCP_NODELAY would
    /// otherwise wait about 40 ms a message for Nagle's algorithm against delayed acknowledgements.
    /// </summary>
    private sealed class QuickAckStream(NetworkStream inner, Socket socket) : Stream
    {
        private const int IpProtocolTcp = 6;
        private const int TcpQuickAck = 12;
        private static readonly byte[] On = BitConverter.GetBytes(1);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AcknowledgeQuickly();
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            AcknowledgeQuickly();
            return inner.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void AcknowledgeQuickly()
        {
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, On);
                }
                catch (SocketException)
                {
                    // Only a speed-up.
                }
                catch (ObjectDisposedException)
                {
                    // The read that follows reports it.
                }
            }
        }
    }

    private sealed class AnyUser : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
            Task.FromResult(true);
    }
}
