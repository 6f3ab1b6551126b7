using System.Buffers;

namespace Ipvm.Durable.Ipld;

/// <summary>The DAG-CBOR codec (0x71): strict, canonical CBOR, the form IPVM objects are hashed in.</summary>
public static class DagCbor
{
    /// <summary>Encodes <paramref name="value"/> into a new array of exactly its length.</summary>
    public static byte[] Encode(IpldValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = DagCborLength.Of(value);
        if (length > Array.MaxLength)
        {
            throw new IpldEncodingException($"The value encodes to {length} bytes, more than an array holds.");
        }

        // The writer fills every byte, so the array need not be zeroed first.
        var buffer = GC.AllocateUninitializedArray<byte>((int)length);
        var output = new FixedArrayWriter(buffer);
        new DagCborWriter(output).WriteValue(value);
        return buffer;
    }

    /// <summary>Encodes <paramref name="value"/> onto <paramref name="output"/>.</summary>
    public static void Encode(IpldValue value, IBufferWriter<byte> output) => new DagCborWriter(output).WriteValue(value);

    /// <summary>Decodes exactly one value that fills <paramref name="data"/>; throws <see cref="DagCborFormatException"/>.</summary>
    public static IpldValue Decode(ReadOnlySpan<byte> data, IpldDecodeLimits? limits = null)
    {
        var reader = new DagCborReader(data, limits);
        var value = reader.ReadValue();
        reader.EnsureAtEnd();
        return value;
    }

    /// <summary>The CIDv1 (codec dag-cbor) of <paramref name="value"/>'s encoding.</summary>
    public static Cid ComputeCid(IpldValue value, MultihashCode hash = MultihashCode.Sha2_256) =>
        Cid.Compute(Multicodec.DagCbor, hash, Encode(value));
}
