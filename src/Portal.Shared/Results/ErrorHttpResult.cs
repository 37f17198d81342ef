using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Shared.Results;

/// <summary>
/// Writes an <see cref="Error"/> as RFC 9457 problem details. This is the one place where error
/// kinds become HTTP statuses, so every endpoint answers failures the same way.
/// </summary>
public sealed class ErrorHttpResult(Error error) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public Error Error { get; } = error;

    public int StatusCode => StatusFor(Error.Kind);

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    public ProblemDetails ToProblemDetails()
    {
        ProblemDetails problem = Error.Fields is { Count: > 0 } fields
            ? new HttpValidationProblemDetails(fields.ToDictionary(f => f.Key, f => f.Value))
            : new ProblemDetails();
        problem.Status = StatusCode;
        problem.Title = TitleFor(Error.Kind);
        problem.Detail = Error.Message;
        problem.Extensions["code"] = Error.Code;
        if (Error.FieldCodes is { Count: > 0 } codes)
        {
            problem.Extensions["fieldCodes"] = codes;
        }

        return problem;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        if (Error.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (Error.AllowedMethods is { Count: > 0 } allowed)
        {
            httpContext.Response.Headers.Allow = string.Join(", ", allowed);
        }

        var problems = httpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = ToProblemDetails(),
        });
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
    }

    private static string TitleFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "The request is not valid.",
        ErrorKind.Unauthorized => "Sign-in is required.",
        ErrorKind.Forbidden => "This action is not allowed.",
        ErrorKind.NotFound => "Not found.",
        ErrorKind.MethodNotAllowed => "The method is not allowed.",
        ErrorKind.Conflict => "The request conflicts with the current state.",
        ErrorKind.PayloadTooLarge => "The request is too large.",
        ErrorKind.UnsupportedMediaType => "The content type is not accepted.",
        ErrorKind.TooManyRequests => "Too many requests.",
        _ => "The request failed.",
    };
}

/// <summary>Turns results into typed HTTP results, keeping the success shape visible to OpenAPI.</summary>
public static class ResultHttpExtensions
{
    public static ErrorHttpResult ToHttp(this Error error) => new(error);

    public static Results<TOk, ErrorHttpResult> ToHttp<T, TOk>(this Result<T> result, Func<T, TOk> onSuccess)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(onSuccess);
        return result.IsSuccess ? onSuccess(result.Value) : new ErrorHttpResult(result.Error!);
    }

    public static Results<NoContent, ErrorHttpResult> ToHttp(this Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsSuccess ? TypedResults.NoContent() : new ErrorHttpResult(result.Error!);
    }

    /// <summary>Declares the problem statuses an endpoint can answer, so the OpenAPI document lists them.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
