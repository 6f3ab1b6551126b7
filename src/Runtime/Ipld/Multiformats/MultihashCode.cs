using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>Hash functions from the multihash table. Other codes parse as their number but cannot be computed.</summary>
[SuppressMessage("Design", "CA1028:Enum storage should be Int32", Justification = "Multihash codes are unsigned varints.")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Names follow the multiformats table (sha2-256, sha3-256).")]
public enum MultihashCode : ulong
{
    /// <summary>The identity "hash": the digest is the data itself (0x00).</summary>
    Identity = 0x00,

    /// <summary>SHA2-256 (0x12), IPFS's default.</summary>
    Sha2_256 = 0x12,

    /// <summary>SHA2-512 (0x13).</summary>
    Sha2_512 = 0x13,

    /// <summary>SHA3-256 (0x16), Homestar's hash for IPVM objects.</summary>
    Sha3_256 = 0x16,
}
