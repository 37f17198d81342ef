using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Shared.Web;

/// <summary>
/// Refuses, for every JSON string any endpoint reads, the characters that have no business in text
/// and that PostgreSQL cannot store: NUL, other C0 controls but tab and line breaks, and unpaired
/// surrogates. The request then fails as malformed (400) before any handler sees it (checklist R6).
/// </summary>
public sealed class StrictStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }

        var value = reader.GetString()!;
        return IsAcceptable(value) ? value : throw new JsonException("The string holds control characters or broken Unicode.");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    public static bool IsAcceptable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
        }

        return true;
    }
}
