using System.Globalization;
using System.Text;

namespace Portal.TestKit.Peers;

/// <summary>
/// A Content-Type or Content-Disposition value: "type/subtype; name=value; ..." with quoted values, RFC 2231
/// extended parameters (name*=utf-8''caf%C3%A9, name*0=...) and RFC 2047 words inside quotes, as mailers write them.
/// </summary>
internal sealed class MediaTypeHeader
{
    private readonly Dictionary<string, string> _parameters;

    private MediaTypeHeader(string mediaType, Dictionary<string, string> parameters)
    {
        MediaType = mediaType;
        _parameters = parameters;
    }

    /// <summary>The type in lower case ("text/plain", "attachment"), or the default when the header is absent.</summary>
    public string MediaType { get; }

    public static MediaTypeHeader Parse(string? value, string defaultType = "text/plain")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new MediaTypeHeader(defaultType, new(StringComparer.OrdinalIgnoreCase) { ["charset"] = "us-ascii" });
        }

        var pieces = SplitOutsideQuotes(value);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sections = new List<(string Name, int Index, string Value, bool Encoded)>();
        foreach (var piece in pieces.Skip(1))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = piece[..equals].Trim().ToLowerInvariant();
            var raw = Unquote(piece[(equals + 1)..].Trim());
            var star = name.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                parameters.TryAdd(name, EncodedWords.Decode(raw));
                continue;
            }

            // name*=...  name*0=...  name*1*=...
            var baseName = name[..star];
            var suffix = name[(star + 1)..];
            var encoded = suffix.EndsWith('*') || suffix.Length == 0;
            var index = int.TryParse(suffix.TrimEnd('*'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            sections.Add((baseName, index, raw, encoded));
        }

        foreach (var group in sections.GroupBy(s => s.Name, StringComparer.Ordinal))
        {
            parameters[group.Key] = JoinExtended([.. group.OrderBy(s => s.Index).Select(s => (s.Value, s.Encoded))]);
        }

        return new MediaTypeHeader(pieces[0].Trim().ToLowerInvariant(), parameters);
    }

    public string? Parameter(string name) => _parameters.TryGetValue(name, out var value) ? value : null;

    private static List<string> SplitOutsideQuotes(string value)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && quoted && i + 1 < value.Length)
            {
                current.Append(c).Append(value[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (c == ';' && !quoted)
            {
                pieces.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        pieces.Add(current.ToString());
        return pieces;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
            }

            text.Append(value[i]);
        }

        return text.ToString();
    }

    /// <summary>Joins RFC 2231 sections; the first encoded one names the charset ("utf-8'fr'...").</summary>
    private static string JoinExtended(List<(string Value, bool Encoded)> sections)
    {
        var bytes = new List<byte>();
        Encoding charset = Encoding.UTF8;
        for (var i = 0; i < sections.Count; i++)
        {
            var (value, encoded) = sections[i];
            if (!encoded)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value));
                continue;
            }

            if (i == 0)
            {
                var parts = value.Split('\'', 3);
                if (parts.Length == 3)
                {
                    charset = Charsets.Find(parts[0]);
                    value = parts[2];
                }
            }

            bytes.AddRange(PercentDecode(value));
        }

        return charset.GetString([.. bytes]);
    }

    private static byte[] PercentDecode(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)value[i]);
            }
        }

        return [.. bytes];
    }
}
