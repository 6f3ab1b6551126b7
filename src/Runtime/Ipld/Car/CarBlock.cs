namespace Ipvm.Durable.Ipld;

/// <summary>One block of a CAR file: its CID and its bytes.</summary>
/// <param name="Cid">The block's CID.</param>
/// <param name="Data">The block's bytes.</param>
public readonly record struct CarBlock(Cid Cid, ReadOnlyMemory<byte> Data);
