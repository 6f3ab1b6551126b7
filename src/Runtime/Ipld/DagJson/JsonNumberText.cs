using System.Globalization;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Formats floats as DAG-JSON writes them: the shortest digits that round-trip, laid out as
/// ECMAScript's Number::toString does (<c>8.940696716308594e-8</c>, <c>1e-323</c>, <c>0.5</c>), except
/// that a float with an integral value keeps a <c>.0</c> so it reads back as a float, not an integer.
/// </summary>
internal static class JsonNumberText
{
    public static string FormatFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new IpldEncodingException($"DAG-JSON cannot encode the float {value}: NaN and infinities are not allowed.");
        }

        var sign = double.IsNegative(value) ? "-" : "";
        var (digits, n) = ShortestDigits(Math.Abs(value));
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        var k = digits.Length;
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k) + ".0";
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            var exponent = n - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            body = mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        }

        return sign + body;
    }

    // Returns the significant digits (no leading or trailing zeros) and n such that the value is 0.d1d2... × 10^n.
    private static (string Digits, int N) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point >= 0 ? text[..point] : text;
        var digits = point >= 0 ? integerPart + text[(point + 1)..] : integerPart;
        var n = integerPart.Length + exponent;
        var leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        return (digits, n - leading);
    }
}
