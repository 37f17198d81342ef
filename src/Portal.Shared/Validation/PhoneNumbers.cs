using System.Diagnostics.CodeAnalysis;

namespace Portal.Shared.Validation;

/// <summary>
/// Phone numbers as Portal stores and compares them: E.164 ("+16135550123"), so that sign-in
/// matches them exactly however the patient wrote them. North American numbers may be written
/// without a country code; any other country needs its leading "+".
/// </summary>
public static class PhoneNumbers
{
    public const int MaxInputLength = 30;

    private const int MinInternationalDigits = 8;
    private const int MaxInternationalDigits = 15;

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
        {
            return false;
        }

        var text = input.AsSpan().Trim();
        Span<char> digits = stackalloc char[MaxInputLength];
        var count = 0;
        var international = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
            else if (c == '+')
            {
                if (i != 0)
                {
                    return false;
                }

                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        ReadOnlySpan<char> written = digits[..count];
        if (international)
        {
            if (written.IsEmpty || written[0] == '0')
            {
                return false;
            }

            if (written[0] == '1')
            {
                return TryNorthAmerican(written[1..], out e164);
            }

            if (written.Length is < MinInternationalDigits or > MaxInternationalDigits)
            {
                return false;
            }

            e164 = string.Concat("+", written);
            return true;
        }

        // Without "+", only the North American plan is unambiguous.
        return written.Length switch
        {
            10 => TryNorthAmerican(written, out e164),
            11 when written[0] == '1' => TryNorthAmerican(written[1..], out e164),
            _ => false,
        };
    }

    public static bool IsNorthAmerican(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        return e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal);
    }

    private static bool TryNorthAmerican(ReadOnlySpan<char> tenDigits, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (tenDigits.Length != 10)
        {
            return false;
        }

        var areaCode = tenDigits[..3];
        var exchange = tenDigits[3..6];
        if (!IsNxx(areaCode) || !IsNxx(exchange))
        {
            return false;
        }

        e164 = string.Concat("+1", tenDigits);
        return true;
    }

    // Area codes and exchanges both take the form NXX, and neither may be an N11 service code (211 to 911).
    private static bool IsNxx(ReadOnlySpan<char> code) =>
        code[0] is >= '2' and <= '9' && !(code[1] == '1' && code[2] == '1');
}
