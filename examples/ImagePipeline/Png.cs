using System.Buffers.Binary;
using System.IO.Compression;

namespace ImagePipeline;

/// <summary>
/// Reads and writes PNG at the program's edges; the workflows see only <see cref="RawImage"/>s. Decoding is defined by
/// the PNG and zlib formats (any correct inflater yields the same pixels), and encoding writes stored deflate blocks
/// with this file's own CRC-32 and Adler-32, so the same pixels give the same file everywhere, whatever the zlib.
/// </summary>
public static class Png
{
    private const int MaxSide = 1 << 14;
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// Decodes an 8-bit, non-interlaced grayscale, gray+alpha, RGB or RGBA PNG (filters 0 to 4) into RGBA8. Anything
    /// else, and any damage (bad signature, CRC, length or filter), is an <see cref="InvalidDataException"/> saying what.
    /// </summary>
    public static RawImage Decode(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file: the 8-byte signature is missing.");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var offset = Signature.Length; ;)
        {
            if (png.Length - offset < 12)
            {
                throw new InvalidDataException($"PNG chunk at byte {offset}: the file ends before IEND.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            if (length > (uint)(png.Length - offset - 12))
            {
                throw new InvalidDataException($"PNG chunk at byte {offset}: its length {length} runs past the end of the file.");
            }

            var typeAndData = png.Slice(offset + 4, 4 + (int)length);
            var type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            if (BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + (int)length)..]) != Crc32(typeAndData))
            {
                throw new InvalidDataException($"PNG chunk {type} at byte {offset}: its CRC does not match.");
            }

            offset += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    (width, height, channels) = ReadHeader(data);
                    break;
                case "IDAT" when channels == 0:
                    throw new InvalidDataException("PNG: IDAT comes before IHDR.");
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND" when channels == 0:
                    throw new InvalidDataException("PNG: no IHDR chunk.");
                case "IEND":
                    return new RawImage(width, height, Unfilter(Inflate(idat, height * (1 + (width * channels))), width, height, channels));
                default:
                    if ((type[0] & 0x20) == 0)
                    {
                        throw new InvalidDataException($"PNG: unsupported critical chunk {type} (palette images are not supported).");
                    }

                    break; // an ancillary chunk: gamma, text, time...
            }
        }
    }

    /// <summary>Encodes RGBA8 as a PNG: IHDR (8-bit RGBA), one IDAT of stored deflate blocks with filter 0 rows, IEND.</summary>
    public static byte[] Encode(RawImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var stride = (image.Width * 4) + 1;
        var raw = new byte[stride * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            image.Pixels.AsSpan(y * image.Width * 4, image.Width * 4).CopyTo(raw.AsSpan((y * stride) + 1));
        }

        var blocks = Math.Max(1, (raw.Length + 65534) / 65535);
        var zlib = new byte[2 + (blocks * 5) + raw.Length + 4];
        zlib[0] = 0x78; // deflate, 32 KiB window
        zlib[1] = 0x01; // no dictionary, fastest; 0x7801 is a multiple of 31
        var at = 2;
        for (var block = 0; block < blocks; block++)
        {
            var start = block * 65535;
            var length = Math.Min(65535, raw.Length - start);
            zlib[at] = (byte)(block == blocks - 1 ? 1 : 0); // BFINAL, BTYPE 00 (stored)
            BinaryPrimitives.WriteUInt16LittleEndian(zlib.AsSpan(at + 1), (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(zlib.AsSpan(at + 3), (ushort)~length);
            raw.AsSpan(start, length).CopyTo(zlib.AsSpan(at + 5));
            at += 5 + length;
        }

        BinaryPrimitives.WriteUInt32BigEndian(zlib.AsSpan(at), Adler32(raw));
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)image.Height);
        header[8] = 8; // bits per channel
        header[9] = 6; // RGBA
        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", zlib);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static (int Width, int Height, int Channels) ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException($"PNG: IHDR has {data.Length} bytes instead of 13.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (width is 0 or > MaxSide || height is 0 or > MaxSide)
        {
            throw new InvalidDataException($"PNG: {width} x {height} is outside 1 to {MaxSide} pixels a side.");
        }

        var channels = data[9] switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            3 => throw new InvalidDataException("PNG: palette images (color type 3) are not supported; use gray, RGB or RGBA."),
            var other => throw new InvalidDataException($"PNG: color type {other} is not a valid PNG color type."),
        };
        if (data[8] != 8)
        {
            throw new InvalidDataException($"PNG: {data[8]} bits per channel is not supported; only 8.");
        }

        if (data[10] != 0 || data[11] != 0)
        {
            throw new InvalidDataException("PNG: unknown compression or filter method.");
        }

        return data[12] == 0
            ? ((int)width, (int)height, channels)
            : throw new InvalidDataException("PNG: interlaced (Adam7) images are not supported.");
    }

    private static byte[] Inflate(MemoryStream idat, int expected)
    {
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var data = new byte[expected];
        zlib.ReadExactly(data);
        return zlib.ReadByte() < 0 ? data : throw new InvalidDataException("PNG: the image data is longer than its size says.");
    }

    // Reverses the per-row filters (PNG specification, section 7.3) and widens every pixel to RGBA.
    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var line = data.AsSpan((y * (stride + 1)) + 1, stride);
            var filter = data[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                row[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG: row {y} has filter type {filter}; valid types are 0 to 4."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                var pixel = row.AsSpan(x * channels, channels);
                var target = rgba.AsSpan(((y * width) + x) * 4, 4);
                target[0] = pixel[0];
                target[1] = channels >= 3 ? pixel[1] : pixel[0];
                target[2] = channels >= 3 ? pixel[2] : pixel[0];
                target[3] = channels is 2 or 4 ? pixel[channels - 1] : (byte)255;
            }

            (previous, row) = (row, previous);
        }

        return rgba;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(MemoryStream png, string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        png.Write(chunk);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }

    private static uint Adler32(ReadOnlySpan<byte> bytes)
    {
        uint a = 1, b = 0;
        foreach (var x in bytes)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
