using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Content-addressed blocks. Every block read back is checked against its CID.</summary>
public interface IBlockStore
{
    /// <summary>Stores <paramref name="data"/> under <paramref name="cid"/> if absent; throws when they do not match.</summary>
    ValueTask PutBlockAsync(Cid cid, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>The block's bytes, or null when absent or corrupt (a corrupt block is reported and treated as absent).</summary>
    ValueTask<byte[]?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default);
}
