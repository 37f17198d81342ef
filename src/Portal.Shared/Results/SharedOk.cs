using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Shared.Results;

/// <summary>
/// 200 with the value as JSON, as <see cref="Microsoft.AspNetCore.Http.HttpResults.Ok{TValue}"/> answers, for a value that many
/// requests share (an answer a cache keeps): it is serialized the first time it is answered, and every later request for the
/// same object gets the same bytes. The value must not change once answered.
/// </summary>
public sealed class SharedOk<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>, IValueHttpResult
    where T : class
{
    private static readonly ConditionalWeakTable<T, byte[]> Serialized = [];

    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var body = Serialized.GetValue(value, v =>
            JsonSerializer.SerializeToUtf8Bytes(v, httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions));
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.Length;
        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
}
