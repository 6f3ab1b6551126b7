using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// What a workflow run records beyond receipts: which invocation it executes (so a host can resume it) and its
/// journal of effectful calls, position (how many effectful calls came before) → instruction CID. An effect's
/// entry is written durably before the effect starts, so replayed code that asks for a different effect at a
/// recorded position is caught before anything new happens.
/// </summary>
public interface IWorkflowJournal
{
    /// <summary>Records the CID of the <c>workflow/run</c> instruction the run executes.</summary>
    ValueTask SaveInvocationAsync(string runId, Cid instructionCid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a new workflow run: its invocation block in <paramref name="store"/>, the invocation it executes,
    /// and its run record, in that order, so a crash part-way leaves nothing a resume cannot finish. A journal that
    /// shares transactions with <paramref name="store"/> commits all three at once (one fsync instead of three);
    /// the default writes them one after the other.
    /// </summary>
    ValueTask StartRunAsync(IDurableStore store, RunRecord run, Cid invocationCid, ReadOnlyMemory<byte> invocationBlock, CancellationToken cancellationToken = default) =>
        WorkflowRunStart.InOrderAsync(this, store, run, invocationCid, invocationBlock, cancellationToken);

    /// <summary>The CID of the <c>workflow/run</c> instruction the run executes, or null for a run that is not a workflow's.</summary>
    ValueTask<Cid?> GetInvocationAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The run's recorded effects by position.</summary>
    ValueTask<IReadOnlyDictionary<int, Cid>> LoadEffectsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Records the effect at <paramref name="position"/>; a position is written once and never changes.</summary>
    ValueTask RecordEffectAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default);

    /// <summary>Appends an event raised for the run and returns its index among the run's events of that name.</summary>
    ValueTask<int> AppendEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="index"/>-th event named <paramref name="name"/> raised for the run, or null when it has not been raised yet.</summary>
    ValueTask<IpldValue?> GetEventAsync(string runId, string name, int index, CancellationToken cancellationToken = default);
}
