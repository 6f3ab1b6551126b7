using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Reads strict DAG-CBOR from a span, one item at a time. Everything DAG-CBOR forbids is a
/// <see cref="DagCborFormatException"/> naming the byte offset: non-shortest heads, indefinite lengths,
/// tags other than 42, simple values other than false/true/null, floats narrower than 64 bits, NaN and
/// infinities, invalid UTF-8, truncation. Lengths are checked against the bytes that remain before
/// anything is allocated.
/// </summary>
public ref partial struct DagCborReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly IpldDecodeLimits _limits;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/> with <paramref name="limits"/> (default: <see cref="IpldDecodeLimits.Default"/>).</summary>
    public DagCborReader(ReadOnlySpan<byte> data, IpldDecodeLimits? limits = null)
    {
        _limits = limits ?? IpldDecodeLimits.Default;
        if (data.Length > _limits.MaxInputBytes)
        {
            Throw(0, $"the input has {data.Length} bytes, more than the limit of {_limits.MaxInputBytes}");
        }

        _data = data;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool IsAtEnd => _position == _data.Length;

    /// <summary>Throws unless every byte has been read: DAG-CBOR allows no trailing bytes.</summary>
    public readonly void EnsureAtEnd()
    {
        if (_position != _data.Length)
        {
            Throw(_position, $"expected the end of the input but {_data.Length - _position} more bytes follow");
        }
    }

    /// <summary>The kind of the next item, without consuming it.</summary>
    public readonly IpldKind PeekKind()
    {
        var b = PeekByte();
        return (b >> 5) switch
        {
            CborHead.UnsignedInteger or CborHead.NegativeInteger => IpldKind.Integer,
            CborHead.ByteString => IpldKind.Bytes,
            CborHead.TextString => IpldKind.String,
            CborHead.Array => IpldKind.List,
            CborHead.Map => IpldKind.Map,
            CborHead.Tag => IpldKind.Link,
            _ => b switch
            {
                CborHead.False or CborHead.True => IpldKind.Bool,
                CborHead.Null => IpldKind.Null,
                CborHead.Float64 => IpldKind.Float,
                _ => ThrowSimple(b),
            },
        };
    }

    /// <summary>Reads null.</summary>
    public void ReadNull()
    {
        if (PeekByte() != CborHead.Null)
        {
            ThrowUnexpected("null");
        }

        _position++;
    }

    /// <summary>Reads a boolean.</summary>
    public bool ReadBool()
    {
        var b = PeekByte();
        if (b is not (CborHead.False or CborHead.True))
        {
            ThrowUnexpected("a boolean");
        }

        _position++;
        return b == CborHead.True;
    }

    /// <summary>Reads an integer that must fit a <see cref="long"/>.</summary>
    public long ReadInt64()
    {
        var start = _position;
        var (negative, magnitude) = ReadIntegerParts();
        if (magnitude > long.MaxValue)
        {
            Throw(start, "the integer does not fit a 64-bit signed integer");
        }

        return negative ? -1 - (long)magnitude : (long)magnitude;
    }

    /// <summary>Reads an integer over the whole CBOR range.</summary>
    public Int128 ReadInteger()
    {
        var (negative, magnitude) = ReadIntegerParts();
        return negative ? -1 - (Int128)magnitude : magnitude;
    }

    /// <summary>Reads a float64.</summary>
    public double ReadFloat()
    {
        var start = _position;
        if (PeekByte() != CborHead.Float64)
        {
            ThrowUnexpected("a float64 (0xfb)");
        }

        var value = BinaryPrimitives.ReadDoubleBigEndian(Take(8, 1));
        if (!double.IsFinite(value))
        {
            Throw(start, "NaN and infinities are not allowed");
        }

        return value;
    }

    /// <summary>Reads a text string.</summary>
    public string ReadString()
    {
        var start = _position;
        return Decode(ReadTextBytes(), start);
    }

    /// <summary>Reads a text string's UTF-8 bytes (validated), without allocating.</summary>
    public ReadOnlySpan<byte> ReadUtf8String()
    {
        var start = _position;
        var bytes = ReadTextBytes();
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            Throw(start, "the text string is not valid UTF-8");
        }

        return bytes;
    }

    // The text string's bytes, not yet validated: callers decode them strictly or validate them. Map keys and
    // most strings are shorter than 24 bytes, so their one-byte head is read without the general head parser.
    private ReadOnlySpan<byte> ReadTextBytes()
    {
        if (_position < _data.Length)
        {
            var initial = _data[_position];
            if (initial is >= 0x60 and < 0x78)
            {
                var length = initial & 0x1f;
                if (length < _data.Length - _position)
                {
                    var bytes = _data.Slice(_position + 1, length);
                    _position += 1 + length;
                    return bytes;
                }
            }
        }

        return Take(ReadLength(CborHead.TextString, "a text string"), 0);
    }

    /// <summary>Reads a byte string as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var length = ReadLength(CborHead.ByteString, "a byte string");
        return Take(length, 0);
    }

    /// <summary>Reads a link (tag 42).</summary>
    public Cid ReadCid()
    {
        var start = _position;
        if (PeekByte() >> 5 != CborHead.Tag)
        {
            ThrowUnexpected("a link (tag 42)");
        }

        var tag = ReadHead(out _);
        if (tag != CborHead.CidTag)
        {
            Throw(start, $"tag {tag} is not allowed; tag 42 (a CID) is the only tag in DAG-CBOR");
        }

        var payloadStart = _position;
        if (PeekByte() >> 5 != CborHead.ByteString)
        {
            Throw(payloadStart, "tag 42 must wrap a byte string");
        }

        var payload = ReadBytesSpan();
        if (payload.IsEmpty || payload[0] != 0x00)
        {
            Throw(payloadStart, "a CID in tag 42 must start with the 0x00 multibase prefix");
        }

        if (!Cid.TryRead(payload[1..], out var cid, out var consumed, out var error))
        {
            Throw(payloadStart, "invalid CID: " + error);
        }

        if (consumed != payload.Length - 1)
        {
            Throw(payloadStart, $"{payload.Length - 1 - consumed} bytes follow the CID inside tag 42");
        }

        return cid;
    }

    /// <summary>Reads a list header and returns its item count (checked against the limits and the bytes that remain).</summary>
    public int ReadListHeader() => ReadCollectionHeader(CborHead.Array, "a list", 1);

    /// <summary>Reads a map header and returns its entry count (checked against the limits and the bytes that remain).</summary>
    public int ReadMapHeader() => ReadCollectionHeader(CborHead.Map, "a map", 2);

    private int ReadCollectionHeader(byte majorType, string what, int minBytesPerItem)
    {
        var start = _position;
        var count = ReadLengthHead(majorType, what);
        if (count > (ulong)_limits.MaxCollectionLength)
        {
            Throw(start, $"{what} of {count} items exceeds the limit of {_limits.MaxCollectionLength}");
        }

        if (count * (ulong)minBytesPerItem > (ulong)(_data.Length - _position))
        {
            Throw(start, $"{what} declares {count} items but only {_data.Length - _position} bytes remain");
        }

        return (int)count;
    }

    private int ReadLength(byte majorType, string what)
    {
        var start = _position;
        var length = ReadLengthHead(majorType, what);
        if (length > (ulong)(_data.Length - _position))
        {
            Throw(start, $"{what} declares {length} bytes but only {_data.Length - _position} remain");
        }

        return (int)length;
    }

    private ulong ReadLengthHead(byte majorType, string what)
    {
        if (PeekByte() >> 5 != majorType)
        {
            ThrowUnexpected(what);
        }

        return ReadHead(out _);
    }

    private (bool Negative, ulong Magnitude) ReadIntegerParts()
    {
        var major = PeekByte() >> 5;
        if (major > CborHead.NegativeInteger)
        {
            ThrowUnexpected("an integer");
        }

        var magnitude = ReadHead(out _);
        return (major == CborHead.NegativeInteger, magnitude);
    }

    // Reads a head (major types 0-6) and returns its argument, rejecting non-shortest forms,
    // reserved additional information and indefinite lengths.
    private ulong ReadHead(out byte majorType)
    {
        var start = _position;
        var initial = PeekByte();
        _position++;
        majorType = (byte)(initial >> 5);
        var info = initial & 31;
        switch (info)
        {
            case < 24:
                return (ulong)info;
            case 24:
                var b = Take(1, 0)[0];
                if (b < 24)
                {
                    ThrowNotShortest(start);
                }

                return b;
            case 25:
                var s = BinaryPrimitives.ReadUInt16BigEndian(Take(2, 0));
                if (s <= byte.MaxValue)
                {
                    ThrowNotShortest(start);
                }

                return s;
            case 26:
                var i = BinaryPrimitives.ReadUInt32BigEndian(Take(4, 0));
                if (i <= ushort.MaxValue)
                {
                    ThrowNotShortest(start);
                }

                return i;
            case 27:
                var l = BinaryPrimitives.ReadUInt64BigEndian(Take(8, 0));
                if (l <= uint.MaxValue)
                {
                    ThrowNotShortest(start);
                }

                return l;
            case 31:
                Throw(start, "indefinite-length items are not allowed");
                return 0;
            default:
                Throw(start, $"the additional information {info} is reserved");
                return 0;
        }
    }

    private readonly byte PeekByte()
    {
        if (_position >= _data.Length)
        {
            Throw(_position, "unexpected end of input");
        }

        return _data[_position];
    }

    // Consumes `skip` bytes already peeked, then `count` more, returning the latter.
    private ReadOnlySpan<byte> Take(int count, int skip)
    {
        var begin = _position + skip;
        if (count > _data.Length - begin)
        {
            Throw(_position, $"unexpected end of input: {count} bytes needed, {Math.Max(0, _data.Length - begin)} remain");
        }

        _position = begin + count;
        return _data.Slice(begin, count);
    }

    private static string Decode(ReadOnlySpan<byte> utf8, int start)
    {
        try
        {
            return DagCborWriter.StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            Throw(start, "the text string is not valid UTF-8");
            return "";
        }
    }

    private readonly void ThrowUnexpected(string expected)
    {
        var b = _data[_position];
        Throw(_position, $"expected {expected} but found {Describe(b)} (0x{b:x2})");
    }

    private readonly IpldKind ThrowSimple(byte b)
    {
        Throw(_position, Describe(b) + " is not allowed");
        return default;
    }

    private static string Describe(byte initial) => (initial >> 5) switch
    {
        CborHead.UnsignedInteger or CborHead.NegativeInteger => "an integer",
        CborHead.ByteString => "a byte string",
        CborHead.TextString => "a text string",
        CborHead.Array => "a list",
        CborHead.Map => "a map",
        CborHead.Tag => "a tag",
        _ => initial switch
        {
            CborHead.False or CborHead.True => "a boolean",
            CborHead.Null => "null",
            0xf7 => "undefined",
            0xf8 => "a one-byte simple value",
            0xf9 => "a half-precision float (DAG-CBOR requires float64)",
            0xfa => "a single-precision float (DAG-CBOR requires float64)",
            CborHead.Float64 => "a float64",
            0xff => "a break code",
            _ => "a simple value",
        },
    };

    private static void ThrowNotShortest(int offset) => Throw(offset, "the integer or length is not in its shortest encoding");

    [DoesNotReturn]
    private static void Throw(int offset, string problem) => throw new DagCborFormatException(offset, problem);
}
