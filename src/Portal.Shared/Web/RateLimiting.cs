using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Shared.Results;

namespace Portal.Shared.Web;

/// <summary>Named rate-limit policies for anonymous endpoints; rejections are 429 problems with Retry-After.</summary>
public static class RateLimitPolicies
{
    /// <summary>Password and passcode sign-in endpoints, per client address.</summary>
    public const string SignIn = "sign-in";

    internal static IServiceCollection AddPortalRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.RateLimits.SignInPerMinute;
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                await new ErrorHttpResult(Error.TooManyRequests(
                    "rate_limited",
                    string.Create(CultureInfo.InvariantCulture, $"Too many attempts from this address. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds."),
                    retryAfter)).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
