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

        var byField = failures.GroupBy(f => JsonFieldName(f.PropertyName)).ToList();
        var fields = byField.ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var codes = byField.ToDictionary(g => g.Key, g => g.Select(f => ErrorCode(f.ErrorCode)).Distinct().ToArray());
        return TResponse.Failure(Error.Validation("validation_failed", "One or more fields are not valid.", fields) with { FieldCodes = codes });
    }

    // FluentValidation's built-in rules report their validator's name ("NotEmptyValidator"); rules
    // that name their own code (WithErrorCode("health_card_check_digit")) keep it.
    internal static string ErrorCode(string code) => code switch
    {
        "NotEmptyValidator" or "NotNullValidator" => "required",
        "MaximumLengthValidator" or "LengthValidator" => "too_long",
        "MinimumLengthValidator" => "too_short",
        _ when code.EndsWith("Validator", StringComparison.Ordinal) => "invalid",
        _ => code,
    };

    // "Settings.PasscodeTimeoutMinutes" -> "settings.passcodeTimeoutMinutes", as the JSON body names it.
    internal static string JsonFieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
