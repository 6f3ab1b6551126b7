using System.Text;

namespace Ipvm.Durable.Wasm.Decoding;

/// <summary>
/// Reads the primitive encodings of the binary format (LEB128, floats, names) from untrusted bytes.
/// Every read checks the current bound (the end of the enclosing section or body) first.
/// </summary>
internal sealed class WasmReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _bytes;

    public WasmReader(byte[] bytes, int start, int end)
    {
        _bytes = bytes;
        Position = start;
        End = end;
    }

    public int Position { get; set; }

    /// <summary>The exclusive bound of the region being read.</summary>
    public int End { get; set; }

    public bool AtEnd => Position >= End;

    public byte[] Bytes => _bytes;

    public byte ReadByte()
    {
        if (Position >= End)
        {
            throw Fail("unexpected end");
        }

        return _bytes[Position++];
    }

    public byte PeekByte() => Position < End ? _bytes[Position] : throw Fail("unexpected end");

    public uint ReadU32()
    {
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0)
                {
                    throw Fail("integer representation too long", Position - 1);
                }

                if ((b & 0x70) != 0)
                {
                    throw Fail("integer too large", Position - 1);
                }
            }

            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    public int ReadS32() => (int)ReadSigned(32);

    public long ReadS64() => ReadSigned(64);

    /// <summary>Signed LEB128 of <paramref name="bits"/> bits (33 for block types).</summary>
    public long ReadSigned(int bits)
    {
        long result = 0;
        var maxBytes = (bits + 6) / 7;
        for (var i = 0; ; i++)
        {
            var b = ReadByte();
            var shift = i * 7;
            if (i == maxBytes - 1)
            {
                if ((b & 0x80) != 0)
                {
                    throw Fail("integer representation too long", Position - 1);
                }

                // The unused high bits of the last byte must all equal the value's sign bit.
                var usedBits = bits - shift;
                var signAndUnused = (b & 0x7F) >> (usedBits - 1);
                var allOnes = (1 << (7 - usedBits + 1)) - 1;
                if (signAndUnused != 0 && signAndUnused != allOnes)
                {
                    throw Fail("integer too large", Position - 1);
                }
            }

            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                shift += 7;
                if (shift < 64 && (b & 0x40) != 0)
                {
                    result |= -1L << shift;
                }

                return result;
            }
        }
    }

    public int ReadF32Bits()
    {
        Require(4);
        var v = BitConverter.ToInt32(_bytes, Position);
        Position += 4;
        return v;
    }

    public long ReadF64Bits()
    {
        Require(8);
        var v = BitConverter.ToInt64(_bytes, Position);
        Position += 8;
        return v;
    }

    public byte[] ReadBytes(uint length)
    {
        Require(length, "length out of bounds");
        var result = _bytes.AsSpan(Position, (int)length).ToArray();
        Position += (int)length;
        return result;
    }

    public string ReadName()
    {
        var length = ReadU32();
        Require(length, "length out of bounds");
        try
        {
            var name = StrictUtf8.GetString(_bytes, Position, (int)length);
            Position += (int)length;
            return name;
        }
        catch (DecoderFallbackException)
        {
            throw Fail("malformed UTF-8 encoding");
        }
    }

    /// <summary>Reads a vector length and rejects counts that could not fit in what remains (each item takes a byte).</summary>
    public uint ReadCount()
    {
        var start = Position;
        var count = ReadU32();
        if (count > (uint)(End - Position))
        {
            throw Fail("unexpected end of section or function: vector length too large", start);
        }

        return count;
    }

    public void Require(uint length, string reason = "unexpected end")
    {
        if (length > (uint)(End - Position))
        {
            throw Fail(reason);
        }
    }

    public WasmDecodeException Fail(string reason) => new(reason, Position);

    public static WasmDecodeException Fail(string reason, long offset) => new(reason, offset);
}
