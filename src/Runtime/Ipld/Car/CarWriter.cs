using System.Buffers;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Writes a CAR v1 file: the header, then one section per block,
/// <c>varint(length of CID + data) · CID bytes · data</c>. The writer does not hash the blocks; a
/// block whose data does not match its CID is rejected by readers that verify.
/// </summary>
public sealed class CarWriter
{
    private readonly Stream? _stream;
    private readonly IBufferWriter<byte>? _buffer;

    private CarWriter(Stream? stream, IBufferWriter<byte>? buffer)
    {
        _stream = stream;
        _buffer = buffer;
    }

    /// <summary>The number of bytes written so far, the header included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes the header with <paramref name="roots"/> to <paramref name="output"/> and returns a writer for the blocks.</summary>
    public static CarWriter Create(Stream output, IEnumerable<Cid> roots)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new CarWriter(output, null).WithHeader(roots);
    }

    /// <summary>Writes the header with <paramref name="roots"/> to <paramref name="output"/> and returns a writer for the blocks.</summary>
    public static CarWriter Create(IBufferWriter<byte> output, IEnumerable<Cid> roots)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new CarWriter(null, output).WithHeader(roots);
    }

    /// <summary>Appends one block.</summary>
    public void WriteBlock(Cid cid, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(cid);
        WriteSection(cid.Bytes, data);
    }

    private CarWriter WithHeader(IEnumerable<Cid> roots)
    {
        WriteSection(CarHeader.Encode(roots), []);
        return this;
    }

    private void WriteSection(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<byte> length = stackalloc byte[Varint.MaxLength];
        var lengthBytes = Varint.Write((ulong)first.Length + (ulong)second.Length, length);
        Write(length[..lengthBytes]);
        Write(first);
        Write(second);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(bytes);
        }
        else
        {
            bytes.CopyTo(_buffer!.GetSpan(bytes.Length));
            _buffer.Advance(bytes.Length);
        }

        BytesWritten += bytes.Length;
    }
}
