using System.Buffers.Binary;

namespace ImagePipeline;

/// <summary>
/// The image format the WebAssembly functions take and return (see wasm/image.c): width and height as little-endian
/// u32, then width x height RGBA8 pixels, row by row from the top.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Pixels">R, G, B, A of each pixel.</param>
public sealed record RawImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>The RGBA of the pixel at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public ReadOnlySpan<byte> this[int x, int y] => Pixels.AsSpan(((y * Width) + x) * 4, 4);

    /// <summary>The header and the pixels.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[8 + Pixels.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)Width);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Height);
        Pixels.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>Reads the format back; the length must match the header exactly.</summary>
    public static RawImage FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"A raw image starts with an 8-byte header; found {bytes.Length} bytes.");
        }

        var width = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        var height = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (width == 0 || height == 0 || (ulong)width * height * 4 != (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"A {width} x {height} raw image needs {8 + ((ulong)width * height * 4)} bytes; found {bytes.Length}.");
        }

        return new RawImage((int)width, (int)height, bytes[8..].ToArray());
    }
}
