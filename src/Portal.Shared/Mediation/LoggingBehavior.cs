using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using Portal.Shared.Results;

namespace Portal.Shared.Mediation;

/// <summary>
/// Logs each request's name, duration and outcome; never the request's contents, which may hold secrets. A success
/// is a debug entry: at Information every read cost a console write, a fifth of the host's CPU in bench/messaging.
/// </summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
    where TResponse : IResultType<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        var response = await next();
        if (response.IsSuccess)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("{Request} succeeded in {ElapsedMs:0.0} ms", typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        else
        {
            logger.LogInformation(
                "{Request} failed with {ErrorCode} in {ElapsedMs:0.0} ms",
                typeof(TRequest).Name,
                response.Error!.Code,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }
}
