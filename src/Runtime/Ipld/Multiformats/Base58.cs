namespace Ipvm.Durable.Ipld;

/// <summary>Base58 with the Bitcoin alphabet (multibase 'z', and CIDv0's bare form).</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Decode = BuildDecodeTable();

    /// <summary>Encodes <paramref name="data"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // Repeated division of a big-endian base-256 number by 58, digits kept little-endian.
        var digits = new byte[data.Length * 138 / 100 + 1];
        var digitCount = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (var j = 0; j < digitCount; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[digitCount++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[zeros + digitCount];
        chars.AsSpan(0, zeros).Fill('1');
        for (var i = 0; i < digitCount; i++)
        {
            chars[zeros + i] = Alphabet[digits[digitCount - 1 - i]];
        }

        return new string(chars);
    }

    /// <summary>Decodes base58btc text; false on a character outside the alphabet.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new byte[text.Length * 733 / 1000 + 1];
        var byteCount = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            int carry = c < 128 ? Decode[c] : -1;
            if (carry < 0)
            {
                return false;
            }

            for (var j = 0; j < byteCount; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[byteCount++] = (byte)carry;
                carry >>= 8;
            }
        }

        data = new byte[zeros + byteCount];
        for (var i = 0; i < byteCount; i++)
        {
            data[zeros + i] = bytes[byteCount - 1 - i];
        }

        return true;
    }

    private static sbyte[] BuildDecodeTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
