namespace Ipvm.Durable.Ipld;

/// <summary>
/// Unsigned LEB128 as multiformats uses it: at most 9 bytes (63 bits) and minimally encoded, so each
/// number has exactly one encoding.
/// </summary>
public static class Varint
{
    /// <summary>The longest encoding multiformats allows.</summary>
    public const int MaxLength = 9;

    /// <summary>The number of bytes <paramref name="value"/> takes.</summary>
    public static int GetLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written.</summary>
    public static int Write(ulong value, Span<byte> destination)
    {
        if (value > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A multiformats varint holds at most 63 bits.");
        }

        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Reads a varint. Returns false, with <paramref name="error"/> saying why, when the input is
    /// truncated, longer than 9 bytes or not minimal.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length, out string? error)
    {
        value = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                length = i;
                error = "the varint is truncated";
                return false;
            }

            var b = source[i];
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                if (b == 0 && i > 0)
                {
                    error = "the varint is not minimally encoded";
                    return false;
                }

                error = null;
                return true;
            }
        }

        length = MaxLength;
        error = "the varint is longer than 9 bytes";
        return false;
    }
}
