namespace Ipvm.Durable;

/// <summary>
/// Commits: a worker's finished tasks go to the store in one call; when it is durable, their dependents are
/// released, waiters answered and events raised. Workers do not wait for a commit the store completes later.
/// </summary>
internal sealed partial class RunScheduler
{
    /// <summary>Commits and clears <paramref name="finished"/>; completes synchronously when commit slots are free.</summary>
    private ValueTask CommitAsync(List<Completed> finished)
    {
        if (finished.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var items = finished.ToArray();
        finished.Clear();
        for (var taken = 0; taken < items.Length; taken++)
        {
            if (!_commitSlots.Wait(0))
            {
                return WaitThenCommitAsync(items, taken);
            }
        }

        CommitCore(items);
        return ValueTask.CompletedTask;
    }

    private async ValueTask WaitThenCommitAsync(Completed[] items, int taken)
    {
        for (; taken < items.Length; taken++)
        {
            await _commitSlots.WaitAsync().ConfigureAwait(false);
        }

        CommitCore(items);
    }

    /// <summary>Hands the completions to the store; the caller holds one commit slot per item, released when durable.</summary>
    private void CommitCore(Completed[] items)
    {
        var completions = new TaskCompletion[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var (node, finished) = items[i];
            var record = new TaskRecord(node.Index, node.Task.InstructionCid, node.Task.Run.DisplayName, finished.State, finished.Replayed, finished.Receipt?.Cid, finished.Attempts, finished.Duration);
            completions[i] = new TaskCompletion(record, finished.Receipt, finished.Derivable);
        }

        bool completesRun;
        lock (_gate)
        {
            completesRun = TryCompleteWithLocked(items);
        }

        ValueTask commit;
        try
        {
            commit = completesRun
                ? _store.CompleteRunAsync(RunId, completions, RunStatus.Completed, _time.GetUtcNow())
                : _store.CompleteTasksAsync(RunId, completions);
        }
        catch (Exception e)
        {
            CommitFailed(items, completesRun, e);
            return;
        }

        if (commit.IsCompletedSuccessfully)
        {
            _commitSlots.Release(items.Length);
            Committed(items, completesRun);
        }
        else
        {
            _ = AwaitCommitAsync(commit, items, completesRun);
        }
    }

    private async Task AwaitCommitAsync(ValueTask commit, Completed[] items, bool completesRun)
    {
        try
        {
            await commit.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            CommitFailed(items, completesRun, e);
            return;
        }

        _commitSlots.Release(items.Length);
        Committed(items, completesRun);
    }

    private void CommitFailed(Completed[] items, bool completesRun, Exception e)
    {
        _commitSlots.Release(items.Length);
        Failed([.. items.Select(c => c.Node)], e, reopen: completesRun);
    }

    private void Committed(Completed[] items, bool completesRun)
    {
        OnCommitted(items);
        if (completesRun)
        {
            FinishCompleted();
        }
    }

    /// <summary>
    /// Tasks that could not be run or recorded: the run parks naming the first. <paramref name="reopen"/>: the
    /// failed commit was to complete the run, so the run is no longer finishing and the park can end it.
    /// </summary>
    private void Failed(RunNode[] nodes, Exception e, bool reopen = false)
    {
        Log.StoreFailed(_logger, RunId, e);
        (RunStatus, string?)? outcome;
        lock (_gate)
        {
            if (reopen)
            {
                _finishing = false;
            }

            _active -= nodes.Length;
            StopState ??= (RunStatus.Parked, $"task {nodes[0].Index} ({nodes[0].Task.InstructionCid}) could not be recorded: {e.Message}");
            outcome = TryFinishLocked();
        }

        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    private void OnCommitted(Completed[] items)
    {
        List<RunNode>? ready = null;
        List<RunNode>? waiting = null;
        (RunStatus, string?)? outcome;
        lock (_gate)
        {
            foreach (var (node, finished) in items)
            {
                node.State = finished.State;
                node.Receipt = finished.Receipt;
                node.Replayed = finished.Replayed;
                node.Attempts = finished.Attempts;
                node.Duration = finished.Duration;
                _unfinished--;
                _active--;
                if (finished.State == TaskState.Failed)
                {
                    _anyFailed = true;
                }

                if (finished.Park is { } reason && StopState is null)
                {
                    StopState = (RunStatus.Parked, reason);
                }

                if (node.Dependents is { } dependents)
                {
                    foreach (var dependent in dependents)
                    {
                        if (--dependent.PendingDependencies == 0)
                        {
                            (ready ??= []).Add(dependent);
                        }
                    }
                }

                if (node.HasWaiters)
                {
                    (waiting ??= []).Add(node);
                }
            }

            outcome = TryFinishLocked();
        }

        if (ready is not null)
        {
            foreach (var dependent in ready)
            {
                _ready.Writer.TryWrite(dependent);
            }
        }

        foreach (var node in waiting ?? [])
        {
            node.Answer(null);
        }

        if (_runOptions.OnTaskEvent is not null)
        {
            foreach (var (node, finished) in items)
            {
                Raise(node, finished.State);
            }
        }

        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    private readonly record struct Completed(RunNode Node, Finished Finished);
}
