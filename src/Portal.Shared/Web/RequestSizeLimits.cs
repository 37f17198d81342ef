using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Portal.Shared.Results;

namespace Portal.Shared.Web;

/// <summary>
/// Applies an endpoint's <see cref="IRequestSizeLimitMetadata"/> (set with <c>WithRequestSizeLimit</c>)
/// in place of the host-wide limit, and answers 413 at once when the declared length is already over.
/// </summary>
public static class RequestSizeLimits
{
    public static RouteHandlerBuilder WithRequestSizeLimit(this RouteHandlerBuilder builder, long maxBytes) =>
        builder.WithMetadata(new RequestSizeLimitMetadata(maxBytes));

    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is not null && feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }

            var effective = limit ?? feature?.MaxRequestBodySize;
            if (effective is not null && context.Request.ContentLength > effective)
            {
                await new ErrorHttpResult(Error.TooLarge(
                    "payload_too_large",
                    $"The request body is larger than the {effective} bytes this endpoint accepts.")).ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private sealed class RequestSizeLimitMetadata(long maxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxBytes;
    }
}
