using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using Portal.Shared.Results;

namespace Portal.Shared.Mediation;

/// <summary>Logs each request's name, duration and outcome. Never the request's contents: they may hold secrets.</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
    where TResponse : IResultType<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        var response = await next();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (response.IsSuccess)
        {
            logger.LogInformation("{Request} succeeded in {ElapsedMs:0.0} ms", typeof(TRequest).Name, elapsed.TotalMilliseconds);
        }
        else
        {
            logger.LogInformation(
                "{Request} failed with {ErrorCode} in {ElapsedMs:0.0} ms",
                typeof(TRequest).Name,
                response.Error!.Code,
                elapsed.TotalMilliseconds);
        }

        return response;
    }
}
