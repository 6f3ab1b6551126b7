using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Engine;

/// <summary>
/// An in-memory store that counts single and batched memo look-ups and remembers every completion and status written;
/// <see cref="RunCompletionFailure"/> makes the commit that would complete a run fail; with <see cref="Durability"/> set,
/// something committed (by another run, say) is not durable until that task completes.
/// </summary>
internal sealed class RecordingStore(InMemoryDurableStore inner) : IDurableStore
{
    public int SingleLookups;
    public int BatchedLookups;

    public int RunCompletions;

    public List<TaskCompletion> Completions { get; } = [];

    /// <summary>Statuses written on their own (<see cref="SetRunStatusAsync"/>), in order.</summary>
    public List<RunStatus> StatusWrites { get; } = [];

    public Exception? RunCompletionFailure { get; set; }

    /// <summary>When set, what <see cref="WhenDurableAsync"/> waits for: complete it to sync, fail it for a failed sync.</summary>
    public TaskCompletionSource? Durability { get; set; }

    public ValueTask WhenDurableAsync(CancellationToken cancellationToken = default) =>
        Durability is { } durability ? new ValueTask(durability.Task) : ValueTask.CompletedTask;

    public ValueTask PutBlockAsync(Cid cid, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => inner.PutBlockAsync(cid, data, cancellationToken);

    public ValueTask<byte[]?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) => inner.GetBlockAsync(cid, cancellationToken);

    public ValueTask<bool> PutReceiptAsync(Receipt receipt, CancellationToken cancellationToken = default) => inner.PutReceiptAsync(receipt, cancellationToken);

    public ValueTask<Receipt?> GetReceiptAsync(Cid receiptCid, CancellationToken cancellationToken = default) => inner.GetReceiptAsync(receiptCid, cancellationToken);

    public ValueTask<Receipt?> FindReceiptAsync(Cid instructionCid, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref SingleLookups);
        return inner.FindReceiptAsync(instructionCid, cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<Cid, Receipt>> FindReceiptsAsync(IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref BatchedLookups);
        return inner.FindReceiptsAsync(instructionCids, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Cid>> ListReceiptsAsync(CancellationToken cancellationToken = default) => inner.ListReceiptsAsync(cancellationToken);

    public ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.CreateRunAsync(run, cancellationToken);

    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default) => inner.ListRunsAsync(cancellationToken);

    /// <summary>When set, status writes (<see cref="SetRunStatusAsync"/>) wait for it: a slow disk.</summary>
    public TaskCompletionSource? StatusWriteGate { get; set; }

    public async ValueTask SetRunStatusAsync(string runId, RunStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (StatusWriteGate is { } gate)
        {
            await gate.Task.ConfigureAwait(false);
        }

        lock (StatusWrites)
        {
            StatusWrites.Add(status);
        }

        await inner.SetRunStatusAsync(runId, status, reason, at, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask SetRunRequestAsync(string runId, RunRequest request, CancellationToken cancellationToken = default) => inner.SetRunRequestAsync(runId, request, cancellationToken);

    public ValueTask<IReadOnlyList<TaskRecord>> GetTasksAsync(string runId, CancellationToken cancellationToken = default) => inner.GetTasksAsync(runId, cancellationToken);

    public ValueTask ClaimTaskAsync(string runId, TaskRecord running, CancellationToken cancellationToken = default) => inner.ClaimTaskAsync(runId, running, cancellationToken);

    public ValueTask CompleteTasksAsync(string runId, IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        lock (Completions)
        {
            Completions.AddRange(completions);
        }

        return inner.CompleteTasksAsync(runId, completions, cancellationToken);
    }

    public async ValueTask CompleteRunAsync(string runId, IReadOnlyList<TaskCompletion> completions, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (RunCompletionFailure is { } failure)
        {
            throw failure;
        }

        Interlocked.Increment(ref RunCompletions);
        lock (Completions)
        {
            Completions.AddRange(completions);
        }

        await inner.CompleteTasksAsync(runId, completions, cancellationToken);
        await inner.SetRunStatusAsync(runId, status, null, at, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
