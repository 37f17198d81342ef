using System.Text.Json;
using Portal.Shared.Web;

namespace Portal.Shared.Tests;

public sealed class StrictStringConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new StrictStringConverter() } };

    [Theory]
    [InlineData("\"Clinique de l'Île — été 2026\"")]
    [InlineData("\"Zoë Ødegård 李小龍 👩🏽‍⚕️\"")]
    [InlineData("\"line one\\nline two\\ttabbed\"")]
    public void Ordinary_text_in_any_language_is_read_unchanged(string json) =>
        JsonSerializer.Deserialize<string>(json, Options).ShouldBe(JsonSerializer.Deserialize<string>(json));

    [Theory]
    [InlineData("\"nul \\u0000 inside\"")]
    [InlineData("\"bell \\u0007\"")]
    [InlineData("\"lone high \\ud800 surrogate\"")]
    [InlineData("\"lone low \\udc00 surrogate\"")]
    [InlineData("\"reversed \\udc00\\ud800 pair\"")]
    public void Control_characters_and_broken_unicode_are_refused(string json) =>
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<string>(json, Options));
}
