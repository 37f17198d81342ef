using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portal.TestKit;

/// <summary>One log entry as the host wrote it: rendered message, structured values and exception.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string State, string? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message} {State} {Exception}";
}

/// <summary>Keeps everything the app logs, so tests can assert what is (and is never) logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => _entries.ToArray();

    public IEnumerable<CapturedLog> Errors => Entries.Where(e => e.Level >= LogLevel.Error);

    /// <summary>True when <paramref name="secret"/> appears anywhere in any entry.</summary>
    public bool Contains(string secret) => Entries.Any(e => e.ToString().Contains(secret, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? "";
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
