using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>What every <see cref="IWorkflowJournal.StartRunAsync"/> shares: its checks and the in-order fallback.</summary>
public static class WorkflowRunStart
{
    /// <summary>Throws for a missing argument or an invocation block that does not hash to <paramref name="invocationCid"/>.</summary>
    public static void Check(IDurableStore store, RunRecord run, Cid invocationCid, ReadOnlyMemory<byte> invocationBlock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(invocationCid);
        if (!invocationCid.Matches(invocationBlock.Span))
        {
            throw new ArgumentException($"The invocation block does not hash to {invocationCid}.", nameof(invocationBlock));
        }
    }

    /// <summary>
    /// The three writes one after the other, in the order that leaves a crash part-way resumable: the block, the
    /// journal entry, the run record. For a journal and store that cannot share a transaction.
    /// </summary>
    public static async ValueTask InOrderAsync(IWorkflowJournal journal, IDurableStore store, RunRecord run, Cid invocationCid, ReadOnlyMemory<byte> invocationBlock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        Check(store, run, invocationCid, invocationBlock);
        await store.PutBlockAsync(invocationCid, invocationBlock, cancellationToken).ConfigureAwait(false);
        await journal.SaveInvocationAsync(run.RunId, invocationCid, cancellationToken).ConfigureAwait(false);
        await store.CreateRunAsync(run, cancellationToken).ConfigureAwait(false);
    }
}
