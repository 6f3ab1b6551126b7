using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Homestar's recipe for naming IPVM objects: CIDv1, codec dag-cbor (0x71), multihash sha3-256 (0x16).
/// Instructions, tasks, invocations, workflows and receipts are all named this way.
/// </summary>
public static class IpvmCid
{
    /// <summary>The CID of <paramref name="value"/>'s DAG-CBOR encoding, hashed with sha3-256.</summary>
    public static Cid Of(IpldValue value) => DagCbor.ComputeCid(value, MultihashCode.Sha3_256);

    /// <summary>The CID of bytes that are already DAG-CBOR.</summary>
    public static Cid OfEncoded(ReadOnlySpan<byte> dagCbor) => Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, dagCbor);
}
