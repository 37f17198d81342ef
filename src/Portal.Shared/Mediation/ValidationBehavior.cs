using FluentValidation;
using MediatR;
using Portal.Shared.Results;

namespace Portal.Shared.Mediation;

/// <summary>Runs the request's FluentValidation validators; shape errors become a 400 before any handler runs.</summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TResponse : IResultType<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var outcome = await validator.ValidateAsync(request, cancellationToken);
            failures.AddRange(outcome.Errors);
        }

        if (failures.Count == 0)
        {
            return await next();
        }

        var fields = failures
            .GroupBy(f => JsonFieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        return TResponse.Failure(Error.Validation("validation_failed", "One or more fields are not valid.", fields));
    }

    // "Settings.PasscodeTimeoutMinutes" -> "settings.passcodeTimeoutMinutes", as the JSON body names it.
    internal static string JsonFieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
