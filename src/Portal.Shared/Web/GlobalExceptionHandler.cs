using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Portal.Shared.Web;

/// <summary>
/// The one place exceptions become responses. What a client can cause (unreadable JSON, a body over
/// the limit, a database invariant it broke) is a 4xx problem; anything else is a logged 500.
/// </summary>
internal sealed class GlobalExceptionHandler(IProblemDetailsService problems, ILogger<GlobalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var (status, code, detail) = Classify(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogInformation("Request refused with {Status} {Code}: {Reason}", status, code, exception.GetType().Name);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = TitleFor(status), Detail = detail };
        problem.Extensions["code"] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (int Status, string Code, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, "payload_too_large", "The request body is larger than this endpoint accepts."),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (415, "unsupported_media_type", "The request's content type is not accepted here."),
        BadHttpRequestException { InnerException: System.Text.Json.JsonException json } =>
            (400, "malformed_json", $"The request body is not valid JSON of the expected shape (at {json.Path ?? "$"})."),
        BadHttpRequestException bad =>
            (bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, "bad_request", "The request could not be read."),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation } =>
            (409, "conflict", "The change conflicts with existing data."),
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } =>
            (409, "conflict", "The change refers to something that does not exist."),
        _ => (500, "internal_error", "Something went wrong on our side. It has been logged."),
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "The request is not valid.",
        409 => "The request conflicts with the current state.",
        413 => "The request is too large.",
        415 => "The content type is not accepted.",
        500 => "Internal error.",
        _ => "The request failed.",
    };
}
