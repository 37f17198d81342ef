namespace Portal.Shared.Results;

/// <summary>What kind of failure an <see cref="Error"/> is; decides its HTTP status in one place.</summary>
public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
}

/// <summary>An expected failure: a stable machine-readable code, a message for people, and its kind.</summary>
public sealed record Error(string Code, string Message, ErrorKind Kind)
{
    /// <summary>Per-field messages for validation failures, keyed by the request's JSON property name.</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; init; }

    /// <summary>
    /// Per-field machine-readable codes beside <see cref="Fields"/> (e.g. <c>health_card_check_digit</c>),
    /// so a page can say what is wrong in the reader's language.
    /// </summary>
    public IReadOnlyDictionary<string, string[]>? FieldCodes { get; init; }

    /// <summary>For <see cref="ErrorKind.MethodNotAllowed"/>: the methods the address accepts, sent as <c>Allow</c>.</summary>
    public IReadOnlyList<string>? AllowedMethods { get; init; }

    /// <summary>For <see cref="ErrorKind.TooManyRequests"/>: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error Validation(string code, string message, IReadOnlyDictionary<string, string[]>? fields = null) =>
        new(code, message, ErrorKind.Validation) { Fields = fields };

    public static Error Field(string field, string code, string message) =>
        Validation(code, message, new Dictionary<string, string[]> { [field] = [message] }) with
        {
            FieldCodes = new Dictionary<string, string[]> { [field] = [code] },
        };

    public static Error Unauthorized(string code, string message) => new(code, message, ErrorKind.Unauthorized);

    public static Error Forbidden(string code, string message) => new(code, message, ErrorKind.Forbidden);

    public static Error NotFound(string code, string message) => new(code, message, ErrorKind.NotFound);

    public static Error MethodNotAllowed(string code, string message, IReadOnlyList<string> allowed) =>
        new(code, message, ErrorKind.MethodNotAllowed) { AllowedMethods = allowed };

    public static Error Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);

    public static Error TooLarge(string code, string message) => new(code, message, ErrorKind.PayloadTooLarge);

    public static Error UnsupportedMediaType(string code, string message) => new(code, message, ErrorKind.UnsupportedMediaType);

    public static Error TooManyRequests(string code, string message, TimeSpan retryAfter) =>
        new(code, message, ErrorKind.TooManyRequests) { RetryAfter = retryAfter };
}
