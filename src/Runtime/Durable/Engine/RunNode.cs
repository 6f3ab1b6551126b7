using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>One task in a live run; mutated only under the scheduler's lock.</summary>
internal sealed class RunNode(int index, WorkflowTask task)
{
    public int Index { get; } = index;

    public WorkflowTask Task { get; } = task;

    public List<RunNode>? Dependents { get; set; }

    /// <summary>Receipts of awaited instructions that are not tasks of this run (found in the store).</summary>
    public Dictionary<Cid, Receipt>? External { get; set; }

    public int PendingDependencies { get; set; }

    /// <summary>What was known of its receipt when it was added: whether a worker looks it up first.</summary>
    public MemoCheck Memo { get; set; }

    public TaskState State { get; set; } = TaskState.Pending;

    public bool Replayed { get; set; }

    public Receipt? Receipt { get; set; }

    public int Attempts { get; set; }

    public TimeSpan Duration { get; set; }

    public bool IsFinished => State is TaskState.Succeeded or TaskState.Failed or TaskState.Skipped;

    /// <summary>Callers of SubmitAsync waiting for this task; their continuations run on the thread pool.</summary>
    public TaskCompletionSource<Receipt>? Waiters { get; set; }

    /// <summary>
    /// The engine's own waiters (a workflow handing the receipt to its executor): their continuations run inline on
    /// the thread that answers them, which saves a thread-pool hop per task, so they must only hand the receipt on.
    /// </summary>
    public TaskCompletionSource<Receipt>? InlineWaiters { get; set; }

    /// <summary>True when someone waits for this task.</summary>
    public bool HasWaiters => Waiters is not null || InlineWaiters is not null;

    /// <summary>A wait for this task's receipt; call under the scheduler's lock, before the task has finished.</summary>
    public ValueTask<Receipt> Wait(bool inline)
    {
        var waiters = inline
            ? InlineWaiters ??= new TaskCompletionSource<Receipt>()
            : Waiters ??= new TaskCompletionSource<Receipt>(TaskCreationOptions.RunContinuationsAsynchronously);
        return new ValueTask<Receipt>(waiters.Task);
    }

    /// <summary>Answers the waiters with the receipt, or with <paramref name="error"/>; call outside the lock.</summary>
    public void Answer(Exception? error)
    {
        // The pool-run continuations first, so they are queued before the inline ones run on this thread.
        foreach (var waiters in (ReadOnlySpan<TaskCompletionSource<Receipt>?>)[Waiters, InlineWaiters])
        {
            if (waiters is null)
            {
                continue;
            }

            if (error is null && Receipt is { } receipt)
            {
                waiters.TrySetResult(receipt);
            }
            else
            {
                waiters.TrySetException(error ?? Skipped());
            }
        }
    }

    /// <summary>The error a wait for a skipped task ends with.</summary>
    public TaskSkippedException Skipped() =>
        new($"Task {Index} ({Task.InstructionCid}) was skipped: it awaits an error from a task that succeeded.");

    public TaskRecord ToRecord() =>
        new(Index, Task.InstructionCid, Task.Run.DisplayName, State, Replayed, Receipt?.Cid, Attempts, Duration);

    public TaskOutcome ToOutcome() => new(Index, Task, State, Replayed, Receipt, Attempts, Duration);
}
