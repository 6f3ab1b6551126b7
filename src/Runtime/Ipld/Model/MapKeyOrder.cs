using System.Text;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Orders map keys by their UTF-8 bytes without encoding them. UTF-8 byte order is code point
/// order; UTF-16 ordinal order differs from it only where surrogates meet U+E000..U+FFFF, which the
/// fix-up below corrects.
/// </summary>
public static class MapKeyOrder
{
    /// <summary>DAG-CBOR order: shorter UTF-8 encodings first, then bytewise.</summary>
    public static IComparer<string> DagCbor { get; } = Comparer<string>.Create(CompareDagCbor);

    /// <summary>DAG-JSON order: bytewise UTF-8.</summary>
    public static IComparer<string> DagJson { get; } = Comparer<string>.Create(CompareCodePoints);

    /// <summary>Compares in DAG-CBOR order: length of the UTF-8 encoding, then bytewise.</summary>
    public static int CompareDagCbor(string? left, string? right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Length == right.Length && IsAscii(left) && IsAscii(right))
        {
            return string.CompareOrdinal(left, right);
        }

        var byLength = Encoding.UTF8.GetByteCount(left).CompareTo(Encoding.UTF8.GetByteCount(right));
        return byLength != 0 ? byLength : CompareCodePoints(left, right);
    }

    /// <summary>Compares by Unicode code point, which is UTF-8 byte order.</summary>
    public static int CompareCodePoints(string? left, string? right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a != b)
            {
                return FixUp(a) - FixUp(b);
            }
        }

        return left.Length - right.Length;
    }

    // Moves surrogates above U+E000..U+FFFF so that UTF-16 units sort as code points do.
    private static int FixUp(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;

    private static bool IsAscii(string s) => Ascii.IsValid(s);
}
