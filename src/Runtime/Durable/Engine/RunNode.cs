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

    /// <summary>Callers of SubmitAsync waiting for this task.</summary>
    public TaskCompletionSource<Receipt>? Waiters { get; set; }

    public TaskRecord ToRecord() =>
        new(Index, Task.InstructionCid, Task.Run.DisplayName, State, Replayed, Receipt?.Cid, Attempts, Duration);

    public TaskOutcome ToOutcome() => new(Index, Task, State, Replayed, Receipt, Attempts, Duration);
}
