using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Portal.TestKit;

/// <summary>
/// Bad bodies made from a good one (checklist R6): every value at every depth, top level, nested objects and
/// array elements alike, replaced by a value of a JSON type it can never have, and every array element by null.
/// None of them is a valid request, whatever the fields mean, so each must be a 4xx that changes nothing.
/// </summary>
public static class BadJson
{
    /// <summary>The variants of <paramref name="valid"/>, each with where it differs, for a theory's member data.</summary>
    public static TheoryData<string, string> Variants(JsonNode valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var data = new TheoryData<string, string>();
        foreach (var (what, json) in Mutations(valid))
        {
            data.Add(what, json);
        }

        return data;
    }

    /// <summary>The same variants as (where, body) pairs.</summary>
    public static IEnumerable<(string What, string Json)> Mutations(JsonNode valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        foreach (var (path, node, parentIsArray) in Values(valid, "$", parentIsArray: false))
        {
            if (path == "$")
            {
                continue;
            }

            yield return ($"{path} as {Describe(WrongType(node))}", Replace(valid, path, WrongType(node)));
            if (parentIsArray && node is not null)
            {
                yield return ($"{path} as null", Replace(valid, path, null));
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode? Node, bool ParentIsArray)> Values(JsonNode? node, string path, bool parentIsArray)
    {
        yield return (path, node, parentIsArray);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var value in Values(child, $"{path}.{name}", parentIsArray: false))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var value in Values(array[i], $"{path}[{i}]", parentIsArray: true))
                    {
                        yield return value;
                    }
                }

                break;
        }
    }

    /// <summary>A value no reading of the original's type accepts: numbers and booleans are never read from strings, nor text from numbers.</summary>
    private static JsonNode WrongType(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Object => new JsonArray(),
        JsonValueKind.Array => new JsonObject(),
        JsonValueKind.String => JsonValue.Create(42),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => JsonValue.Create("1"),
        // Where the original is null the field is optional; an array is the one shape no optional scalar or object takes.
        _ => new JsonArray(JsonValue.Create(1)),
    };

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        _ => "a number",
    };

    private static string Replace(JsonNode valid, string path, JsonNode? replacement)
    {
        var copy = valid.DeepClone();
        var parent = copy;
        var steps = Steps(path);
        for (var i = 0; i < steps.Count - 1; i++)
        {
            parent = steps[i] is int index ? parent![index] : parent![(string)steps[i]];
        }

        switch (steps[^1])
        {
            case int index:
                parent!.AsArray()[index] = replacement;
                break;
            case string name:
                parent!.AsObject()[name] = replacement;
                break;
        }

        return copy.ToJsonString();
    }

    private static List<object> Steps(string path)
    {
        var steps = new List<object>();
        var rest = path[1..];
        while (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                var end = rest.IndexOf(']', StringComparison.Ordinal);
                steps.Add(int.Parse(rest[1..end], System.Globalization.CultureInfo.InvariantCulture));
                rest = rest[(end + 1)..];
            }
            else
            {
                var end = rest.IndexOfAny(['.', '['], 1);
                end = end < 0 ? rest.Length : end;
                steps.Add(rest[1..end]);
                rest = rest[end..];
            }
        }

        return steps;
    }
}
