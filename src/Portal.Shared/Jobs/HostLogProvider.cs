using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Portal.Shared.Jobs;

/// <summary>
/// Hangfire's logging, which is process-wide: its types keep their loggers in static fields, so a
/// logger must outlive the host that created it. Each message goes to the logger factory of the host
/// that started last, and is dropped once that host has stopped, instead of failing Hangfire's workers.
/// </summary>
internal sealed class HostLogProvider : ILogProvider
{
    private static ILoggerFactory? s_factory;

    public static HostLogProvider Instance { get; } = new();

    public static void Use(ILoggerFactory factory) => Volatile.Write(ref s_factory, factory);

    public ILog GetLogger(string name) => new HostLog(name);

    private sealed class HostLog(string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (Volatile.Read(ref s_factory) is not { } factory)
            {
                return false;
            }

            try
            {
                var logger = factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                if (logger.IsEnabled(level))
                {
                    logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static LogLevel Map(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }
}
