using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Receipts, keyed by their CID and found by the instruction they answer. Every receipt read back is checked
/// against its CID; a corrupt one is reported, treated as absent and so recomputed.
/// </summary>
public interface IReceiptStore
{
    /// <summary>Inserts <paramref name="receipt"/> unless a receipt with its CID exists; true when inserted.</summary>
    ValueTask<bool> PutReceiptAsync(Receipt receipt, CancellationToken cancellationToken = default);

    /// <summary>The receipt with CID <paramref name="receiptCid"/>, or null.</summary>
    ValueTask<Receipt?> GetReceiptAsync(Cid receiptCid, CancellationToken cancellationToken = default);

    /// <summary>A successful receipt for <paramref name="instructionCid"/> (the memo look-up), or null.</summary>
    /// <remarks>Error receipts are kept and listed but are never memo hits, so a failed task is tried again by the next run or resume.</remarks>
    ValueTask<Receipt?> FindReceiptAsync(Cid instructionCid, CancellationToken cancellationToken = default);

    /// <summary>Every stored receipt's CID, in insertion order.</summary>
    ValueTask<IReadOnlyList<Cid>> ListReceiptsAsync(CancellationToken cancellationToken = default);
}
