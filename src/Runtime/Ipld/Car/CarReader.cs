namespace Ipvm.Durable.Ipld;

/// <summary>
/// Reads a CAR v1 file from a stream, one section at a time: <see cref="Open"/> reads the header
/// (<see cref="Roots"/>), then <see cref="TryReadBlock"/> or <see cref="ReadBlocks"/> yields the
/// blocks. Sizes are checked against <see cref="CarReaderOptions"/> before anything is allocated, and
/// each block is verified against its CID. Problems are <see cref="CarFormatException"/>s with the byte
/// offset. The stream is not disposed.
/// </summary>
public sealed partial class CarReader
{
    private readonly Stream _stream;
    private readonly CarReaderOptions _options;
    private readonly byte[] _varint = new byte[Varint.MaxLength];
    private long _position;
    private long _blockCount;

    private CarReader(Stream stream, CarReaderOptions options)
    {
        _stream = stream;
        _options = options;
    }

    /// <summary>The root CIDs named in the header.</summary>
    public IReadOnlyList<Cid> Roots { get; private set; } = [];

    /// <summary>The number of bytes read so far.</summary>
    public long Position => _position;

    /// <summary>Reads the header from <paramref name="input"/> and returns a reader positioned at the first block.</summary>
    public static CarReader Open(Stream input, CarReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = new CarReader(input, options ?? CarReaderOptions.Default);
        var start = reader._position;
        var length = reader.ReadVarint(endAllowed: false) ?? 0;
        var header = reader.ReadExactly(reader.CheckHeaderLength(length, start));
        reader.Roots = CarHeader.Decode(header, start + Varint.GetLength(length));
        return reader;
    }

    /// <summary>Reads the next block; false at the end of the CAR.</summary>
    public bool TryReadBlock(out CarBlock block)
    {
        var start = _position;
        var length = ReadVarint(endAllowed: true);
        if (length is null)
        {
            block = default;
            return false;
        }

        var sectionLength = CheckSectionLength(length.Value, start);
        block = ParseSection(ReadExactly(sectionLength), _position - sectionLength);
        return true;
    }

    /// <summary>Reads the remaining blocks, in file order.</summary>
    public IEnumerable<CarBlock> ReadBlocks()
    {
        while (TryReadBlock(out var block))
        {
            yield return block;
        }
    }

    private ulong? ReadVarint(bool endAllowed)
    {
        var start = _position;
        for (var i = 0; i < _varint.Length; i++)
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                return i == 0 && endAllowed ? null : throw Truncated(start, "a section length");
            }

            _position++;
            _varint[i] = (byte)b;
            if ((b & 0x80) == 0)
            {
                return DecodeVarint(i + 1, start);
            }
        }

        return DecodeVarint(_varint.Length, start);
    }

    private byte[] ReadExactly(int length)
    {
        var buffer = new byte[length];
        var read = _stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        if (read < length)
        {
            throw Truncated(_position + read, $"{length} bytes of a section ({read} present)");
        }

        _position += length;
        return buffer;
    }
}
