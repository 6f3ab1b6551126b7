namespace Ipvm.Durable.Ipld;

/// <summary>RFC 4648 base32 without padding, as multibase 'b' (lower) and 'B' (upper) use it.</summary>
public static class Base32
{
    private const string LowerAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly sbyte[] Decode = BuildDecodeTable();

    /// <summary>Encodes in lower case without padding.</summary>
    public static string EncodeLower(ReadOnlySpan<byte> data)
    {
        var length = (data.Length * 8 + 4) / 5;
        return string.Create(length, data, static (chars, bytes) =>
        {
            int buffer = 0, bits = 0, o = 0;
            foreach (var b in bytes)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    chars[o++] = LowerAlphabet[(buffer >> bits) & 31];
                }
            }

            if (bits > 0)
            {
                chars[o] = LowerAlphabet[(buffer << (5 - bits)) & 31];
            }
        });
    }

    /// <summary>Decodes unpadded base32 of either case (not mixed); false on any other character or a non-zero tail.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        var tail = text.Length * 5 % 8;
        if (tail >= 5)
        {
            return false; // no whole number of bytes gives this length
        }

        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, o = 0;
        foreach (var c in text)
        {
            var v = c < 128 ? Decode[c] : -1;
            if (v < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[o++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            return false; // the unused low bits must be zero for a canonical encoding
        }

        data = output;
        return true;
    }

    private static sbyte[] BuildDecodeTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < LowerAlphabet.Length; i++)
        {
            table[LowerAlphabet[i]] = (sbyte)i;
            table[char.ToUpperInvariant(LowerAlphabet[i])] = (sbyte)i;
        }

        return table;
    }
}
