namespace Portal.Shared.Results;

/// <summary>Lets pipeline behaviours build a failed response of any result type.</summary>
public interface IResultType<out TSelf>
    where TSelf : IResultType<TSelf>
{
    bool IsSuccess { get; }

    Error? Error { get; }

    static abstract TSelf Failure(Error error);
}

/// <summary>The outcome of an operation that returns nothing on success.</summary>
public sealed class Result : IResultType<Result>
{
    private Result(Error? error) => Error = error;

    public static Result Success { get; } = new(null);

    public bool IsSuccess => Error is null;

    public Error? Error { get; }

    public static Result Failure(Error error) => new(error);

    public static implicit operator Result(Error error) => new(error);

    /// <summary>For callers with no way to recover, such as seeding: a failure becomes an exception.</summary>
    public void ThrowIfFailed()
    {
        if (Error is not null)
        {
            throw new InvalidOperationException($"{Error.Code}: {Error.Message}");
        }
    }
}

/// <summary>The outcome of an operation that returns a <typeparamref name="T"/> on success.</summary>
public sealed class Result<T> : IResultType<Result<T>>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public bool IsSuccess => Error is null;

    public Error? Error { get; }

    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException($"A failed result has no value (error {Error!.Code}).");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    /// <summary>For callers with no way to recover, such as seeding: a failure becomes an exception.</summary>
    public T ThrowIfFailed() => IsSuccess ? _value! : throw new InvalidOperationException($"{Error!.Code}: {Error.Message}");
}
