using System.Diagnostics.CodeAnalysis;

namespace AimsBot.Domain;

/// <summary>
/// The outcome of an operation on user input: a value, or one or more <see cref="DomainError"/>s.
/// Bad user input never throws; exceptions are kept for programming errors (nulls, corrupt stored state).
/// </summary>
public sealed class Result<T>
{
    private readonly T? _value;

    internal Result(T value)
    {
        _value = value;
        Errors = [];
    }

    internal Result(IReadOnlyList<DomainError> errors)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }

        Errors = errors;
    }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Errors.Count == 0;

    public bool IsFailure => !IsSuccess;

    /// <summary>The value; reading it from a failed result is a programming error.</summary>
    public T? Value => IsSuccess
        ? _value
        : throw new InvalidOperationException("The operation failed: " + ErrorMessage);

    public IReadOnlyList<DomainError> Errors { get; }

    /// <summary>All error messages joined into one chat-ready paragraph (empty on success).</summary>
    public string ErrorMessage => string.Join(" ", Errors.Select(e => e.Message));

    public bool TryGetValue([NotNullWhen(true)] out T? value)
    {
        value = _value;
        return IsSuccess;
    }

    public Result<TOut> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? new Result<TOut>(map(_value!)) : new Result<TOut>(Errors);

    public Result<TOut> Bind<TOut>(Func<T, Result<TOut>> next) =>
        IsSuccess ? next(_value!) : new Result<TOut>(Errors);

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({ErrorMessage})";
}

/// <summary>Factories for <see cref="Result{T}"/>.</summary>
public static class Result
{
    public static Result<T> Success<T>(T value) => new(value);

    public static Result<T> Failure<T>(DomainError error) => new([error]);

    public static Result<T> Failure<T>(IEnumerable<DomainError> errors) => new(errors.ToArray());

    /// <summary>Success when <paramref name="errors"/> is empty, otherwise a failure carrying all of them.</summary>
    public static Result<T> FromValidation<T>(IReadOnlyCollection<DomainError> errors, Func<T> create) =>
        errors.Count == 0 ? new Result<T>(create()) : new Result<T>(errors.ToArray());
}
