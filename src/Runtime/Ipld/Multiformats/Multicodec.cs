using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>Content codecs from the multicodec table that CIDs here carry. Other codes parse as their number.</summary>
[SuppressMessage("Design", "CA1028:Enum storage should be Int32", Justification = "Multicodec codes are unsigned varints.")]
public enum Multicodec : ulong
{
    /// <summary>Raw bytes (0x55).</summary>
    Raw = 0x55,

    /// <summary>DAG-PB, the UnixFS format (0x70); a code only, there is no DAG-PB codec here.</summary>
    DagPb = 0x70,

    /// <summary>DAG-CBOR (0x71), the hashed form of every IPVM object.</summary>
    DagCbor = 0x71,

    /// <summary>DAG-JSON (0x0129).</summary>
    DagJson = 0x0129,
}
