using System.Runtime.CompilerServices;

namespace Ipvm.Durable.Ipld;

public sealed partial class CarReader
{
    /// <summary>Reads the header from <paramref name="input"/> asynchronously and returns a reader positioned at the first block.</summary>
    public static async ValueTask<CarReader> OpenAsync(Stream input, CarReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = new CarReader(input, options ?? CarReaderOptions.Default);
        var start = reader._position;
        var length = await reader.ReadVarintAsync(endAllowed: false, cancellationToken).ConfigureAwait(false) ?? 0;
        var header = await reader.ReadExactlyAsync(reader.CheckHeaderLength(length, start), cancellationToken).ConfigureAwait(false);
        reader.Roots = CarHeader.Decode(header, start + Varint.GetLength(length));
        return reader;
    }

    /// <summary>Reads the next block asynchronously; null at the end of the CAR.</summary>
    public async ValueTask<CarBlock?> ReadBlockAsync(CancellationToken cancellationToken = default)
    {
        var start = _position;
        var length = await ReadVarintAsync(endAllowed: true, cancellationToken).ConfigureAwait(false);
        if (length is null)
        {
            return null;
        }

        var sectionLength = CheckSectionLength(length.Value, start);
        var section = await ReadExactlyAsync(sectionLength, cancellationToken).ConfigureAwait(false);
        return ParseSection(section, _position - sectionLength);
    }

    /// <summary>Reads the remaining blocks asynchronously, in file order.</summary>
    public async IAsyncEnumerable<CarBlock> ReadBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadBlockAsync(cancellationToken).ConfigureAwait(false) is { } block)
        {
            yield return block;
        }
    }

    private async ValueTask<ulong?> ReadVarintAsync(bool endAllowed, CancellationToken cancellationToken)
    {
        var start = _position;
        for (var i = 0; i < _varint.Length; i++)
        {
            if (await _stream.ReadAsync(_varint.AsMemory(i, 1), cancellationToken).ConfigureAwait(false) == 0)
            {
                return i == 0 && endAllowed ? null : throw Truncated(start, "a section length");
            }

            _position++;
            if ((_varint[i] & 0x80) == 0)
            {
                return DecodeVarint(i + 1, start);
            }
        }

        return DecodeVarint(_varint.Length, start);
    }

    private async ValueTask<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        var read = await _stream.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < length)
        {
            throw Truncated(_position + read, $"{length} bytes of a section ({read} present)");
        }

        _position += length;
        return buffer;
    }
}
