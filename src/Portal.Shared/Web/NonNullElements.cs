using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Portal.Shared.Web;

/// <summary>
/// <c>RespectNullableAnnotations</c> refuses a null property the contract says is non-null, but not a null
/// element inside a list: <c>"identifiers": [null]</c> would reach a handler as a null item. This contract
/// modifier refuses, once an object is read, any null element of a list whose element type is declared
/// non-null, so the request fails as malformed (400) before any handler sees it (checklist R6).
/// </summary>
public static class NonNullElements
{
    private static readonly ConcurrentDictionary<Type, Func<object, string?>?> Checks = new();

    public static void Modify(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (typeInfo.Kind != JsonTypeInfoKind.Object || Checks.GetOrAdd(typeInfo.Type, CheckFor) is not { } check)
        {
            return;
        }

        var previous = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            if (check(value) is { } property)
            {
                throw new JsonException($"The list '{property}' holds a null item.");
            }

            previous?.Invoke(value);
        };
    }

    /// <summary>A check naming the first list property holding a null it must not, or null when the type has no such list.</summary>
    private static Func<object, string?>? CheckFor(Type type)
    {
        var nullability = new NullabilityInfoContext();
        var lists = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && ElementIsNonNull(p, nullability))
            .ToArray();
        if (lists.Length == 0)
        {
            return null;
        }

        return value =>
        {
            foreach (var list in lists)
            {
                if (list.GetValue(value) is IEnumerable items && items.Cast<object?>().Any(item => item is null))
                {
                    return JsonNamingPolicy.CamelCase.ConvertName(list.Name);
                }
            }

            return null;
        };
    }

    private static bool ElementIsNonNull(PropertyInfo property, NullabilityInfoContext nullability)
    {
        var type = property.PropertyType;
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return false;
        }

        var info = nullability.Create(property);
        var element = type.IsArray ? info.ElementType : info.GenericTypeArguments is [var single] ? single : null;
        return element is { ReadState: NullabilityState.NotNull } && !element.Type.IsValueType;
    }
}
