namespace Ipvm.Durable;

/// <summary>
/// The run's end: deciding that it has come, recording the final status and answering whoever waits. A run
/// whose last commit completes it records its status in that commit (<see cref="IRunStore.CompleteRunAsync"/>);
/// any other end writes the status on its own.
/// </summary>
internal sealed partial class RunScheduler
{
    private void FinishIfDone()
    {
        (RunStatus, string?)? outcome;
        lock (_gate)
        {
            outcome = TryFinishLocked();
        }

        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    private (RunStatus, string?)? TryFinishLocked()
    {
        if (_finishing || !_started || _active > 0)
        {
            return null;
        }

        // Everything finished wins over a pause that came too late; a cancel or a park still counts.
        if (_unfinished == 0 && !_accepting && StopState is not { Status: RunStatus.Cancelled or RunStatus.Parked })
        {
            _finishing = true;
            return _anyFailed ? (RunStatus.Failed, FirstError()) : (RunStatus.Completed, null);
        }

        if (StopState is { } stop)
        {
            _finishing = true;
            return (stop.Status, stop.Reason);
        }

        return null;
    }

    /// <summary>
    /// True when committing <paramref name="items"/> completes the run: no more tasks can come, these are all
    /// that is left and running, each succeeded, nothing failed before and no cancel or park stands. The run is
    /// then marked finishing, so nothing else ends it while the commit that also records Completed is under way.
    /// Call under the lock.
    /// </summary>
    private bool TryCompleteWithLocked(Completed[] items)
    {
        if (_finishing || !_started || _accepting || _anyFailed || _unfinished != items.Length || _active != items.Length
            || StopState is { Status: RunStatus.Cancelled or RunStatus.Parked })
        {
            return false;
        }

        foreach (var (_, finished) in items)
        {
            if (finished.State != TaskState.Succeeded || finished.Park is not null)
            {
                return false;
            }
        }

        _finishing = true;
        return true;
    }

    private string? FirstError()
    {
        var failed = _nodes.FirstOrDefault(n => n.State == TaskState.Failed);
        return failed is null ? null : $"task {failed.Index} ({failed.Task.Run.DisplayName}, {failed.Task.InstructionCid}) failed: {failed.Receipt?.Out.Describe()}";
    }

    private async Task FinalizeAsync(RunStatus status, string? reason)
    {
        var result = Close(status, reason);
        try
        {
            await _store.SetRunStatusAsync(RunId, status, reason, _time.GetUtcNow()).ConfigureAwait(false);
            Ended(result);
        }
        catch (Exception e)
        {
            Log.StoreFailed(_logger, RunId, e);
            _completion.TrySetException(e);
            FailUnfinishedWaits(status);
        }
    }

    /// <summary>Ends a run whose last commit recorded it Completed (<see cref="TryCompleteWithLocked"/>).</summary>
    private void FinishCompleted() => Ended(Close(RunStatus.Completed, null));

    /// <summary>Stops the workers and gives the run's result (<see cref="Ended"/> then fails the waits left).</summary>
    private RunResult Close(RunStatus status, string? reason)
    {
        // One end marker per worker rather than completing the channel: a worker waiting in ReadAsync on a completed
        // channel would end with an exception, and every run ends.
        for (var i = 0; i < _options.MaxParallelism; i++)
        {
            _ready.Writer.TryWrite(null);
        }

        lock (_gate)
        {
            return new RunResult(RunId, status, reason, [.. _nodes.Select(n => n.ToOutcome())]);
        }
    }

    /// <summary>
    /// Gives the run's result, then fails the waits for tasks that will not finish: in that order, so workflow code
    /// whose call fails because the engine stopped the run (a park, a pause) finds the run's status already out, even
    /// when it continues on this thread.
    /// </summary>
    private void Ended(RunResult result)
    {
        Log.RunFinished(_logger, RunId, result.Status, result.Error);
        _completion.TrySetResult(result);
        FailUnfinishedWaits(result.Status);
    }

    private void FailUnfinishedWaits(RunStatus status)
    {
        List<RunNode> waiting = [];
        lock (_gate)
        {
            foreach (var node in _nodes)
            {
                if (node.HasWaiters && !node.IsFinished)
                {
                    waiting.Add(node);
                }
            }
        }

        foreach (var node in waiting)
        {
            node.Answer(new OperationCanceledException($"The run {RunId} stopped ({status}) before the task finished."));
        }
    }
}
