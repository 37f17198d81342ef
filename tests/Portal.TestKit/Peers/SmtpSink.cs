using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Portal.TestKit.Peers;

/// <summary>
/// A real SMTP server (RFC 5321) on 127.0.0.1, so Portal's mail is sent over a socket exactly as in
/// production and tests can read what arrived. It keeps every message in memory, can be slowed down,
/// stopped (senders then fail to connect) and restarted on the same port.
/// </summary>
/// <remarks>
/// Built for volume: receiving only copies bytes, and a message is parsed on first use of its parsed view.
/// Parallel System.Net.Mail.SmtpClient senders stall while the thread pool is at its minimum size, so a test
/// or benchmark with many of them raises it first (ThreadPool.SetMinThreads).
/// </remarks>
public sealed class SmtpSink : IAsyncDisposable
{
    /// <summary>The largest message accepted, as advertised with SIZE.</summary>
    public const int MaxMessageSize = 50 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Arrivals<ReceivedEmail> _messages = new("emails");
    private readonly ConcurrentDictionary<SmtpSession, byte> _sessions = new();
    private readonly DedicatedThreadScheduler _scheduler = new("SMTP sink", Math.Max(2, Environment.ProcessorCount));
    private Socket? _listener;
    private CancellationTokenSource? _stopping;
    private Task _acceptLoop = Task.CompletedTask;
    private long _queueIds;
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
    public static Task<SmtpSink> StartAsync(int port = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        var sink = new SmtpSink();
        sink.Listen(port);
        return Task.FromResult(sink);
    }

    /// <summary>Stops listening and drops every open connection: senders then fail to connect.</summary>
    public async Task StopAsync()
    {
        Socket? listener;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            listener = _listener;
            stopping = _stopping;
            _listener = null;
            _stopping = null;
        }

        if (listener is null || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Dispose();
        await _acceptLoop;
        var sessions = _sessions.Keys.ToArray();
        foreach (var session in sessions)
        {
            session.Abort();
        }

        await Task.WhenAll(sessions.Select(s => s.Completion));
        stopping.Dispose();
    }

    /// <summary>Listens again on the same port (after <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        Listen(Port);
    }

    /// <summary>Waits for a message matching <paramref name="match"/>, including ones already received.</summary>
    public Task<ReceivedEmail> WaitForAsync(Func<ReceivedEmail, bool> match, TimeSpan timeout) => _messages.WaitForAsync(match, timeout);

    /// <summary>Waits until at least <paramref name="count"/> messages have been received.</summary>
    public Task WaitForCountAsync(int count, TimeSpan timeout) => _messages.WaitForCountAsync(count, timeout);

    public void Clear() => _messages.Clear();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _scheduler.Dispose();
    }

    internal string NextQueueId() => Interlocked.Increment(ref _queueIds).ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    internal void Accept(ReceivedEmail email) => _messages.Add(email);

    private void Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // The sink closes connections itself, which leaves them in TIME_WAIT: allow binding the port again at once.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var stopping = new CancellationTokenSource();
        lock (_gate)
        {
            _listener = listener;
            _stopping = stopping;
            Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        }

        _acceptLoop = _scheduler.Run(() => AcceptLoopAsync(listener, stopping.Token));
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            client.NoDelay = true;
            var session = new SmtpSession(this, client);
            _sessions.TryAdd(session, 0);
            session.Completion = _scheduler.Run(() => RunSessionAsync(session, stopping));
        }
    }

    private async Task RunSessionAsync(SmtpSession session, CancellationToken stopping)
    {
        try
        {
            await session.RunAsync(stopping);
        }
        finally
        {
            session.Abort();
            _sessions.TryRemove(session, out _);
        }
    }
}
