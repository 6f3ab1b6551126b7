namespace Ipvm.Durable.Ipld;

public sealed partial class CarReader
{
    private ulong DecodeVarint(int count, long start)
    {
        if (!Varint.TryRead(_varint.AsSpan(0, count), out var value, out _, out var error))
        {
            throw new CarFormatException(start, "invalid section length: " + error);
        }

        return value;
    }

    private int CheckHeaderLength(ulong length, long start)
    {
        if (length == 0 || length > (ulong)_options.MaxHeaderBytes)
        {
            throw new CarFormatException(start, length == 0
                ? "the header is empty"
                : $"the header declares {length} bytes, more than the limit of {_options.MaxHeaderBytes}");
        }

        return (int)length;
    }

    private int CheckSectionLength(ulong length, long start)
    {
        if (length == 0)
        {
            throw new CarFormatException(start, "a section is empty; it must hold at least a CID");
        }

        if (length > (ulong)_options.MaxSectionBytes)
        {
            throw new CarFormatException(start, $"a section declares {length} bytes, more than the limit of {_options.MaxSectionBytes}");
        }

        if (_blockCount == _options.MaxBlockCount)
        {
            throw new CarFormatException(start, $"the CAR has more than the limit of {_options.MaxBlockCount} blocks");
        }

        _blockCount++;
        return (int)length;
    }

    private CarBlock ParseSection(byte[] section, long offset)
    {
        if (!Cid.TryRead(section, out var cid, out var consumed, out var error))
        {
            throw new CarFormatException(offset, "invalid block CID: " + error);
        }

        var data = section.AsMemory(consumed);
        if (_options.VerifyBlocks)
        {
            Verify(cid, data.Span, offset + consumed);
        }

        return new CarBlock(cid, data);
    }

    private void Verify(Cid cid, ReadOnlySpan<byte> data, long offset)
    {
        var computable = Multihash.IsSupported(cid.Hash)
            && (cid.Hash == MultihashCode.Identity || Multihash.DigestLength(cid.Hash) == cid.Digest.Length);
        if (computable)
        {
            if (!cid.Matches(data))
            {
                throw new CarFormatException(offset, $"the block's {data.Length} bytes do not hash to its CID {cid}");
            }
        }
        else if (_options.RequireVerifiableHashes)
        {
            throw new CarFormatException(offset, $"the block's CID {cid} uses the hash {Multihash.Name(cid.Hash)}, which cannot be verified here");
        }
    }

    private static CarFormatException Truncated(long offset, string what) =>
        new(offset, $"unexpected end of input while reading {what}");
}
