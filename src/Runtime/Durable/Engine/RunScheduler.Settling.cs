namespace Ipvm.Durable;

/// <summary>
/// Early hand-over. A store may return from a commit before it is durable (<see cref="IRunStore.CommitTasksAsync"/>)
/// and sync afterwards. The wait is not wasted: the receipts go at once to the workflow code awaiting them, whose
/// next turn runs while the store syncs. Workflow code is deterministic and its only way out of the process is
/// through tasks, so nothing it does on such a result escapes before the result is durable: a task it submits
/// meanwhile is <see cref="RunNode.Gated"/> and starts only when the run has settled (every commit handed over
/// early is durable and recorded), and everything else (dependents, other waiters, events, the run's end)
/// follows the commit only once it is durable, as before. A crash in between loses the turn with the result,
/// and replay repeats both.
/// </summary>
internal sealed partial class RunScheduler
{
    // Commits handed over early and not yet durable and recorded; a gated task waits for none to be left.
    private int _unsettled;
    private TaskCompletionSource? _settled;

    /// <summary>Answers the workflow's own waiters of <paramref name="items"/> before the commit is durable; true when any.</summary>
    private bool HandOverEarly(Completed[] items)
    {
        List<(TaskCompletionSource<Receipt> Waiters, Receipt Receipt)>? early = null;
        lock (_gate)
        {
            foreach (var (node, finished) in items)
            {
                if (node.InlineWaiters is { } waiters && finished.Receipt is { } receipt && finished.Park is null
                    && finished.State is TaskState.Succeeded or TaskState.Failed)
                {
                    (early ??= []).Add((waiters, receipt));
                }
            }

            if (early is null)
            {
                return false;
            }

            // Before the answers: whatever the workflow submits on them must find the run unsettled.
            _unsettled++;
        }

        // On another thread, through the pool's global queue (which wakes an idle thread): this one goes on to wait
        // for the sync (for SQLite it runs the fsync itself), and the workflow's turn should run meanwhile.
        ThreadPool.UnsafeQueueUserWorkItem(static answers => Answer(answers), early, preferLocal: false);
        return true;
    }

    private static void Answer(List<(TaskCompletionSource<Receipt> Waiters, Receipt Receipt)> answers)
    {
        foreach (var (waiters, receipt) in answers)
        {
            waiters.TrySetResult(receipt);
        }
    }

    /// <summary>A commit handed over early is durable and recorded, or failed (and the run is stopping).</summary>
    private void Settle()
    {
        TaskCompletionSource? settled = null;
        lock (_gate)
        {
            if (--_unsettled == 0)
            {
                settled = _settled;
                _settled = null;
            }
        }

        settled?.TrySetResult();
    }

    /// <summary>Completes when no commit handed over early waits to be durable and recorded.</summary>
    private Task WhenSettled()
    {
        lock (_gate)
        {
            if (_unsettled == 0)
            {
                return Task.CompletedTask;
            }

            _settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _settled.Task;
        }
    }
}
