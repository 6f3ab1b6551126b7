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

    /// <summary>
    /// The memo look-up for many instructions at once: a successful receipt for each of
    /// <paramref name="instructionCids"/> that has one (absent keys have none). The engine calls it once when a
    /// run starts or resumes; stores answer it in one query. The default asks <see cref="FindReceiptAsync"/> for each.
    /// </summary>
    async ValueTask<IReadOnlyDictionary<Cid, Receipt>> FindReceiptsAsync(IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCids);
        var found = new Dictionary<Cid, Receipt>();
        foreach (var cid in instructionCids)
        {
            if (!found.ContainsKey(cid) && await FindReceiptAsync(cid, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                found[cid] = receipt;
            }
        }

        return found;
    }

    /// <summary>Every stored receipt's CID, in insertion order.</summary>
    ValueTask<IReadOnlyList<Cid>> ListReceiptsAsync(CancellationToken cancellationToken = default);
}
