using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Writes strict DAG-CBOR to an <see cref="IBufferWriter{T}"/>: shortest heads, float64 only, CIDs as
/// tag 42. The primitive methods let generated codecs write without building an <see cref="IpldValue"/>;
/// callers that do so must write map keys in DAG-CBOR order (<see cref="MapKeyOrder.DagCbor"/>).
/// </summary>
public sealed class DagCborWriter
{
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public DagCborWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes any IPLD value, recursively.</summary>
    public void WriteValue(IpldValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case IpldMap map:
                WriteMapHeader(map.Count);
                foreach (var (key, item) in map.Entries)
                {
                    WriteString(key);
                    WriteValue(item);
                }

                break;
            case IpldList list:
                WriteListHeader(list.Count);
                foreach (var item in list.Items)
                {
                    WriteValue(item);
                }

                break;
            case IpldString s:
                WriteString(s.Value);
                break;
            case IpldInteger i:
                WriteInteger(i.Value);
                break;
            case IpldBytes b:
                WriteBytes(b.Span);
                break;
            case IpldLink l:
                WriteCid(l.Cid);
                break;
            case IpldFloat f:
                WriteFloat(f.Value);
                break;
            case IpldBool b:
                WriteBool(b.Value);
                break;
            default:
                WriteNull();
                break;
        }
    }

    /// <summary>Writes null.</summary>
    public void WriteNull() => WriteByte(CborHead.Null);

    /// <summary>Writes a boolean.</summary>
    public void WriteBool(bool value) => WriteByte(value ? CborHead.True : CborHead.False);

    /// <summary>Writes an integer.</summary>
    public void WriteInteger(long value) =>
        WriteHead(value >= 0 ? CborHead.UnsignedInteger : CborHead.NegativeInteger, value >= 0 ? (ulong)value : (ulong)(-1 - value));

    /// <summary>Writes an integer in the CBOR range -2^64 to 2^64-1.</summary>
    public void WriteInteger(Int128 value)
    {
        if (value < IpldInteger.MinValue || value > IpldInteger.MaxValue)
        {
            throw new IpldEncodingException($"The integer {value} is outside the CBOR range -2^64 to 2^64-1.");
        }

        WriteHead(value >= 0 ? CborHead.UnsignedInteger : CborHead.NegativeInteger, value >= 0 ? (ulong)value : (ulong)(-1 - value));
    }

    /// <summary>Writes a float as float64; NaN and infinities have no DAG-CBOR form.</summary>
    public void WriteFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new IpldEncodingException($"DAG-CBOR cannot encode the float {value}: NaN and infinities are not allowed.");
        }

        var span = _output.GetSpan(9);
        span[0] = CborHead.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    /// <summary>Writes a text string; it must be valid Unicode (no lone surrogates).</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new IpldEncodingException("An IPLD string must be valid Unicode; this one has a lone surrogate.");
        }

        var span = _output.GetSpan(9 + byteCount);
        var head = CborHead.Write(span, CborHead.TextString, (ulong)byteCount);
        StrictUtf8.GetBytes(value, span[head..]);
        _output.Advance(head + byteCount);
    }

    /// <summary>Writes a text string from its UTF-8 bytes, which the caller guarantees are valid.</summary>
    public void WriteUtf8String(ReadOnlySpan<byte> utf8)
    {
        WriteHead(CborHead.TextString, (ulong)utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes a byte string.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteHead(CborHead.ByteString, (ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a link: tag 42 around the CID's binary form with its 0x00 multibase prefix.</summary>
    public void WriteCid(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var length = cid.ByteLength + 1;
        var span = _output.GetSpan(2 + 9 + length);
        span[0] = 0xd8;
        span[1] = (byte)CborHead.CidTag;
        var head = CborHead.Write(span[2..], CborHead.ByteString, (ulong)length);
        span[2 + head] = 0x00;
        cid.Bytes.CopyTo(span[(3 + head)..]);
        _output.Advance(2 + head + length);
    }

    /// <summary>Starts a list of <paramref name="count"/> items.</summary>
    public void WriteListHeader(int count) => WriteHead(CborHead.Array, (ulong)count);

    /// <summary>Starts a map of <paramref name="count"/> entries; keys must follow in DAG-CBOR order.</summary>
    public void WriteMapHeader(int count) => WriteHead(CborHead.Map, (ulong)count);

    private void WriteHead(byte majorType, ulong argument)
    {
        var span = _output.GetSpan(9);
        _output.Advance(CborHead.Write(span, majorType, argument));
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }
}
