using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.TestKit.Peers;

/// <summary>RFC 2047 encoded-words in header values ("=?utf-8?B?...?=", "=?iso-8859-1?Q?...?="), decoded for display.</summary>
internal static partial class EncodedWords
{
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        var pending = new List<byte>();
        string? pendingCharset = null;
        var position = 0;
        foreach (Match word in Word().Matches(value))
        {
            var between = value.AsSpan(position, word.Index - position);

            // Whitespace between two encoded-words is not displayed (RFC 2047 6.2).
            if (pendingCharset is null || !between.IsWhiteSpace())
            {
                Flush(text, pending, ref pendingCharset);
                text.Append(between);
            }

            var charset = word.Groups["charset"].Value.Split('*')[0];
            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush(text, pending, ref pendingCharset);
            }

            // Words of one charset are decoded together: a mailer may split a character's bytes across two words.
            pendingCharset = charset;
            var payload = word.Groups["text"].Value;
            pending.AddRange(word.Groups["encoding"].Value is "B" or "b" ? TransferEncodings.DecodeBase64(Encoding.ASCII.GetBytes(payload)) : DecodeQ(payload));
            position = word.Index + word.Length;
        }

        Flush(text, pending, ref pendingCharset);
        text.Append(value.AsSpan(position));
        return text.ToString();
    }

    private static void Flush(StringBuilder text, List<byte> pending, ref string? charset)
    {
        if (charset is not null)
        {
            text.Append(Charsets.Find(charset).GetString([.. pending]));
        }

        pending.Clear();
        charset = null;
    }

    /// <summary>The "Q" encoding: like quoted-printable, with "_" for a space.</summary>
    private static List<byte> DecodeQ(string payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (c == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '=' && i + 2 < payload.Length
                && byte.TryParse(payload.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        return bytes;
    }

    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<encoding>[BbQq])\?(?<text>[^?\s]*)\?=", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}

/// <summary>Content-Transfer-Encoding (RFC 2045 6): base64, quoted-printable, and the identity ones (7bit, 8bit, binary).</summary>
internal static class TransferEncodings
{
    public static byte[] Decode(string encoding, ReadOnlySpan<byte> content) => encoding switch
    {
        "base64" => DecodeBase64(content),
        "quoted-printable" => DecodeQuotedPrintable(content),
        _ => content.ToArray(),
    };

    /// <summary>Decodes base64, skipping line breaks and anything else outside the alphabet.</summary>
    public static byte[] DecodeBase64(ReadOnlySpan<byte> content)
    {
        var chars = new char[content.Length];
        var count = 0;
        foreach (var b in content)
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/' or (byte)'=')
            {
                chars[count++] = (char)b;
            }
        }

        // A truncated last group cannot be decoded; drop it rather than fail.
        count -= count % 4;
        var bytes = new byte[(count / 4 * 3) + 3];
        return Convert.TryFromBase64Chars(chars.AsSpan(0, count), bytes, out var written) ? bytes[..written] : [];
    }

    /// <summary>Quoted-printable: "=XX" is a byte, "=" at the end of a line joins it to the next, trailing blanks are padding.</summary>
    public static byte[] DecodeQuotedPrintable(ReadOnlySpan<byte> content)
    {
        var bytes = new List<byte>(content.Length);
        var position = 0;
        while (position < content.Length)
        {
            var newline = content[position..].IndexOf((byte)'\n');
            var hasBreak = newline >= 0;
            var line = hasBreak ? content.Slice(position, newline) : content[position..];
            position = hasBreak ? position + newline + 1 : content.Length;
            line = line.TrimEnd("\r"u8).TrimEnd(" \t"u8);

            var soft = line.EndsWith((byte)'=');
            if (soft)
            {
                line = line[..^1];
            }

            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == (byte)'=' && i + 2 < line.Length
                    && byte.TryParse(line.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                }
                else
                {
                    bytes.Add(line[i]);
                }
            }

            if (hasBreak && !soft)
            {
                bytes.Add((byte)'\r');
                bytes.Add((byte)'\n');
            }
        }

        return [.. bytes];
    }
}

/// <summary>Finds the .NET encoding for a MIME charset name, falling back to UTF-8 for unknown ones.</summary>
internal static class Charsets
{
    public static Encoding Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return Encoding.ASCII;
        }

        var name = charset.Trim().Trim('"');
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.UTF8;
        }
    }
}
