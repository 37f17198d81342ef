using FluentValidation;
using FluentValidation.Validators;

namespace Portal.Shared.Validation;

/// <summary>A rule that accepts only some values; unlike <c>Must</c>, the OpenAPI document can list them as an enum.</summary>
public interface IAllowedValuesValidator
{
    IReadOnlyList<object> Values { get; }
}

public static class AllowedValuesRules
{
    /// <summary>The value is one of <paramref name="values"/>; null is left to NotNull.</summary>
    public static IRuleBuilderOptions<T, TProperty> IsOneOf<T, TProperty>(this IRuleBuilder<T, TProperty> rule, IEnumerable<TProperty> values)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(values);
        return rule.SetValidator(new AllowedValuesValidator<T, TProperty>([.. values]));
    }

    private sealed class AllowedValuesValidator<T, TProperty>(IReadOnlyList<TProperty> values) : PropertyValidator<T, TProperty>, IAllowedValuesValidator
    {
        public IReadOnlyList<object> Values { get; } = [.. values.OfType<object>()];

        public override string Name => "AllowedValuesValidator";

        public override bool IsValid(ValidationContext<T> context, TProperty value) => value is null || values.Contains(value);

        protected override string GetDefaultMessageTemplate(string errorCode) => "Use one of: " + string.Join(", ", Values) + ".";
    }
}
