using System.Runtime.InteropServices;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// CAR v1 (content-addressable archive) in one call: the file format IPFS tools use to move blocks.
/// For streaming, use <see cref="CarWriter"/> and <see cref="CarReader"/>.
/// </summary>
public static class Car
{
    /// <summary>Writes a CAR with <paramref name="roots"/> and <paramref name="blocks"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, IEnumerable<Cid> roots, IEnumerable<(Cid Cid, ReadOnlyMemory<byte> Data)> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var writer = CarWriter.Create(output, roots);
        foreach (var (cid, data) in blocks)
        {
            writer.WriteBlock(cid, data.Span);
        }
    }

    /// <summary>Returns a CAR with <paramref name="roots"/> and <paramref name="blocks"/>.</summary>
    public static byte[] Write(IEnumerable<Cid> roots, IEnumerable<(Cid Cid, ReadOnlyMemory<byte> Data)> blocks)
    {
        using var output = new MemoryStream();
        Write(output, roots, blocks);
        return output.ToArray();
    }

    /// <summary>Reads the header and every block of the CAR in <paramref name="input"/>.</summary>
    public static CarContents ReadAll(Stream input, CarReaderOptions? options = null)
    {
        var reader = CarReader.Open(input, options);
        return new CarContents(reader.Roots, [.. reader.ReadBlocks()]);
    }

    /// <summary>Reads the header and every block of the CAR in <paramref name="car"/>.</summary>
    public static CarContents ReadAll(ReadOnlyMemory<byte> car, CarReaderOptions? options = null)
    {
        var array = MemoryMarshal.TryGetArray(car, out var segment) ? segment : new ArraySegment<byte>(car.ToArray());
        using var input = new MemoryStream(array.Array!, array.Offset, array.Count, writable: false);
        return ReadAll(input, options);
    }
}
