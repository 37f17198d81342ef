using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Portal.Shared.Validation;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Reads a request's FluentValidation rules from their descriptors and states them on a schema:
/// required, enum, length, range and pattern. Only unconditional rules are stated; a rule that
/// depends on another field (<c>When</c>) or on code (<c>Must</c>) stays in the validator alone.
/// </summary>
internal sealed class ValidatorSchemaRules(IServiceProvider services)
{
    private readonly Dictionary<Type, IReadOnlyList<MemberRule>> _cache = [];

    /// <summary>The unconditional rules of <paramref name="request"/>'s validators, by member name.</summary>
    public IReadOnlyList<MemberRule> RulesFor(Type request)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(request, out var known))
            {
                return known;
            }

            using var scope = services.CreateScope();
            var validators = scope.ServiceProvider.GetServices(typeof(IValidator<>).MakeGenericType(request)).OfType<IValidator>();
            var rules = new List<MemberRule>();
            foreach (var rule in validators.SelectMany(v => v.CreateDescriptor().Rules))
            {
                if (rule.PropertyName is not { Length: > 0 } name || rule.Member is null || rule.HasCondition || rule.HasAsyncCondition)
                {
                    continue;
                }

                var forEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
                rules.AddRange(rule.Components
                    .Where(c => !c.HasCondition && !c.HasAsyncCondition)
                    .Select(c => new MemberRule(name, forEach, c.Validator)));
            }

            _cache[request] = rules;
            return rules;
        }
    }

    /// <summary>States the rules on an object schema whose properties are named as the request's members, in camel case.</summary>
    public static void ApplyToObject(OpenApiSchema schema, IEnumerable<MemberRule> rules)
    {
        if (schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        foreach (var rule in rules)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Key, rule.Member, StringComparison.OrdinalIgnoreCase));
            if (property.Value is not OpenApiSchema target)
            {
                continue;
            }

            if (rule.ForEach)
            {
                if (target.Items is OpenApiSchema items)
                {
                    Apply(items, rule.Validator);
                }

                continue;
            }

            if (rule.Validator is INotNullValidator or INotEmptyValidator)
            {
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                schema.Required.Add(property.Key);
            }

            Apply(target, rule.Validator);
        }
    }

    /// <summary>States one rule on the schema of one value (a property, an array item or a query parameter).</summary>
    public static void Apply(OpenApiSchema schema, IPropertyValidator validator)
    {
        var type = schema.Type ?? default;
        var isString = type.HasFlag(JsonSchemaType.String);
        var isArray = type.HasFlag(JsonSchemaType.Array);
        switch (validator)
        {
            case INotNullValidator:
                schema.Type = type & ~JsonSchemaType.Null;
                break;
            case INotEmptyValidator:
                schema.Type = type & ~JsonSchemaType.Null;
                if (isString)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                    // NotEmpty refuses whitespace alone as well.
                    schema.Pattern ??= @"\S";
                }
                else if (isArray)
                {
                    schema.MinItems = Math.Max(schema.MinItems ?? 0, 1);
                }

                break;
            case ILengthValidator length when isString:
                if (length.Min > 0)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, length.Min);
                }

                if (length.Max > 0)
                {
                    schema.MaxLength = schema.MaxLength is { } max ? Math.Min(max, length.Max) : length.Max;
                }

                break;
            case IBetweenValidator between:
                var exclusive = validator.Name.StartsWith("Exclusive", StringComparison.Ordinal);
                if (exclusive)
                {
                    schema.ExclusiveMinimum = Number(between.From);
                    schema.ExclusiveMaximum = Number(between.To);
                }
                else
                {
                    schema.Minimum = Number(between.From);
                    schema.Maximum = Number(between.To);
                }

                break;
            case IComparisonValidator { MemberToCompare: null, ValueToCompare: { } value } comparison:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan:
                        schema.ExclusiveMinimum = Number(value);
                        break;
                    case Comparison.GreaterThanOrEqual:
                        schema.Minimum = Number(value);
                        break;
                    case Comparison.LessThan:
                        schema.ExclusiveMaximum = Number(value);
                        break;
                    case Comparison.LessThanOrEqual:
                        schema.Maximum = Number(value);
                        break;
                    case Comparison.Equal:
                    case Comparison.NotEqual:
                    default:
                        break;
                }

                break;
            case IRegularExpressionValidator regex when isString && regex.Expression is { Length: > 0 } expression:
                schema.Pattern = expression;
                break;
            case IAllowedValuesValidator allowed when !type.HasFlag(JsonSchemaType.Null):
                schema.Enum = [.. allowed.Values.Select(v => JsonSerializer.SerializeToNode(v)!)];
                break;
            default:
                break;
        }
    }

    private static string? Number(object? value) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    internal sealed record MemberRule(string Member, bool ForEach, IPropertyValidator Validator);
}

/// <summary>The rules of a request's validators, on the request's own schema or on a body that declares <see cref="ValidatedAsAttribute"/>.</summary>
internal sealed class ValidatorSchemaTransformer(ValidatorSchemaRules rules) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        var type = context.JsonTypeInfo.Type;
        var request = type.GetCustomAttribute<ValidatedAsAttribute>()?.Request ?? type;
        ValidatorSchemaRules.ApplyToObject(schema, rules.RulesFor(request));
        return Task.CompletedTask;
    }
}

/// <summary>The rules of the request named by an endpoint's <see cref="ValidatedAsAttribute"/>, on its query parameters.</summary>
internal sealed class ValidatorParameterTransformer(ValidatorSchemaRules rules) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ValidatedAsAttribute>().LastOrDefault() is not { } validated
            || operation.Parameters is null)
        {
            return Task.CompletedTask;
        }

        var requestRules = rules.RulesFor(validated.Request);
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            foreach (var rule in requestRules.Where(r => !r.ForEach && string.Equals(r.Member, parameter.Name, StringComparison.OrdinalIgnoreCase)))
            {
                ValidatorSchemaRules.Apply(schema, rule.Validator);
            }
        }

        return Task.CompletedTask;
    }
}
