namespace Ipvm.Durable;

/// <summary>
/// A worker's next task. A task made ready on a worker's own thread while its loop runs there (a dependent released
/// by its commit, or the next call of a workflow whose turn that commit ran inline) is kept for that worker instead of
/// being written to the queue, where it would wake another, sleeping worker: a chain of steps then stays on one thread
/// with no hand-off between steps, as with one worker. A worker that is about to wait gives its kept task back to the
/// queue first, so no task waits behind a blocked worker.
/// </summary>
internal sealed partial class RunScheduler
{
    /// <summary>The worker whose loop runs on this thread, set only between two of its awaits.</summary>
    [ThreadStatic]
    private static WorkerSlot? t_running;

    /// <summary>Makes <paramref name="node"/> ready: the next task of this run's worker running on this thread if it has none yet, else queued.</summary>
    private void Enqueue(RunNode node)
    {
        if (t_running is { Next: null } slot && ReferenceEquals(slot.Owner, this))
        {
            slot.Next = node;
            return;
        }

        _ready.Writer.TryWrite(node);
    }

    /// <summary>Marks <paramref name="slot"/>'s worker as running on this thread (after each of its awaits).</summary>
    private static void Enter(WorkerSlot slot) => t_running = slot;

    /// <summary>The worker steps off this thread (before an await that may suspend): its kept task goes to the queue.</summary>
    private void Leave(WorkerSlot slot)
    {
        if (ReferenceEquals(t_running, slot))
        {
            t_running = null;
        }

        if (slot.Next is { } next)
        {
            slot.Next = null;
            _ready.Writer.TryWrite(next);
        }
    }

    /// <summary>
    /// Commits as <paramref name="slot"/>'s worker: what the commit makes ready on this thread is kept for the worker;
    /// if the commit has to wait (commit slots full), the worker leaves the thread first. The caller enters again after.
    /// </summary>
    private async ValueTask CommitAsync(List<Completed> finished, WorkerSlot slot)
    {
        var commit = CommitAsync(finished);
        if (!commit.IsCompletedSuccessfully)
        {
            Leave(slot);
            await commit.ConfigureAwait(false);
        }
    }

    /// <summary>One worker's kept task; touched only on the thread where the worker runs.</summary>
    private sealed class WorkerSlot(RunScheduler owner)
    {
        public RunScheduler Owner { get; } = owner;

        public RunNode? Next { get; set; }
    }
}
