using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Workers: memo look-up, promise resolution, attempts with timeout and retries, and the commit.</summary>
internal sealed partial class RunScheduler
{
    private async Task WorkerAsync()
    {
        var reader = _ready.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var node))
            {
                lock (_gate)
                {
                    if (_stop is not null)
                    {
                        continue;
                    }

                    _active++;
                }

                try
                {
                    await ExecuteAsync(node).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Log.StoreFailed(_logger, RunId, e);
                    Drop(stop: (RunStatus.Parked, $"task {node.Index} ({node.Task.InstructionCid}) could not be recorded: {e.Message}"));
                }
            }
        }
    }

    private async ValueTask ExecuteAsync(RunNode node)
    {
        var task = node.Task;
        var op = _ops.TryGet(task.Run.Op, out var found) ? found : null;

        // The memo look-up. A pure task already looked up in the batch at run start is not looked up again: if a
        // receipt appeared since, running it once more is allowed for pure work and yields the same answer.
        if (!(node.CheckedAtStart && op?.EffectClass == EffectClass.Pure))
        {
            var lookup = _store.FindReceiptAsync(task.InstructionCid);
            var hit = lookup.IsCompletedSuccessfully ? lookup.Result : await lookup.ConfigureAwait(false);
            if (hit is not null)
            {
                await CommitAsync(node, new Finished(TaskState.Succeeded, hit, Replayed: true, 0, TimeSpan.Zero, null)).ConfigureAwait(false);
                return;
            }
        }

        var resolution = Resolve(node);
        if (resolution.Skip)
        {
            await CommitAsync(node, new Finished(TaskState.Skipped, null, false, 0, TimeSpan.Zero, null)).ConfigureAwait(false);
            return;
        }

        if (resolution.Failure is { } failure)
        {
            await CommitAsync(node, new Finished(TaskState.Failed, Receipt.For(task, failure), false, 0, TimeSpan.Zero, null)).ConfigureAwait(false);
            return;
        }

        if (op is null)
        {
            var error = TaskResult.Error($"no handler is registered for op '{task.Run.Op}'");
            await CommitAsync(node, new Finished(TaskState.Failed, Receipt.For(task, error), false, 0, TimeSpan.Zero, null)).ConfigureAwait(false);
            return;
        }

        var attempts = RunAttemptsAsync(node, op, resolution.Input!);
        var finished = attempts.IsCompletedSuccessfully ? attempts.Result : await attempts.ConfigureAwait(false);
        if (finished is not { } done)
        {
            Drop(stop: null);
            return;
        }

        await CommitAsync(node, done).ConfigureAwait(false);
    }

    private async ValueTask<Finished?> RunAttemptsAsync(RunNode node, OpDefinition op, IpldValue input)
    {
        var task = node.Task;
        var maxAttempts = op.EffectClass switch
        {
            EffectClass.Effectful => 1,
            EffectClass.Pure => op.MaxAttempts ?? _options.PureMaxAttempts,
            _ => op.MaxAttempts ?? _options.IdempotentMaxAttempts,
        };
        if (op.EffectClass == EffectClass.Effectful)
        {
            await _store.ClaimTaskAsync(RunId, node.ToRecord() with { State = TaskState.Running, Attempts = 1 }).ConfigureAwait(false);
        }

        Raise(node, TaskState.Running);
        var started = _time.GetTimestamp();
        var limit = task.Meta.Time;
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = limit is { } t ? new CancellationTokenSource(t, _time) : null;
            using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, timeout.Token);
            var token = linked?.Token ?? _cancel.Token;
            var deadline = limit is { } l ? _time.GetUtcNow() + l : (DateTimeOffset?)null;
            string problem;
            try
            {
                var pending = op.Handler(new OpContext(RunId, task, input, attempt, deadline, _time, token));
                var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                return Done(result, attempt, park: null);
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                return null;
            }
            catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true)
            {
                return Done(TaskResult.Error($"timed out after {limit!.Value.TotalMilliseconds} ms (meta.time)"), attempt, park: null);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name}: {e.Message}";
            }

            if (attempt >= maxAttempts)
            {
                var why = op.EffectClass == EffectClass.Effectful
                    ? $"effectful op '{op.Op}' failed and is never retried blindly: {problem}"
                    : $"op '{op.Op}' failed {attempt} time(s), the last with {problem}";
                Log.TaskParked(_logger, RunId, node.Index, task.InstructionCid, why);
                return Done(TaskResult.Error(why, null), attempt, park: $"task {node.Index} ({task.InstructionCid}): {why}");
            }

            Log.TaskRetrying(_logger, RunId, node.Index, task.InstructionCid, attempt, problem);
            var delay = op.EffectClass == EffectClass.Pure ? TimeSpan.Zero : Backoff(attempt);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _time, _cancel.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }

        Finished Done(TaskResult result, int attempts, string? park) => new(
            result.IsOk ? TaskState.Succeeded : TaskState.Failed,
            Receipt.For(task, result),
            false,
            attempts,
            _time.GetElapsedTime(started),
            park);
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.RetryBaseDelay.Ticks * Math.Pow(2, attempt - 1);
        return ticks >= _options.RetryMaxDelay.Ticks ? _options.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private ValueTask CommitAsync(RunNode node, Finished finished)
    {
        // A free commit slot is the common case: then no await, no state machine.
        return _commitSlots.Wait(0) ? CommitCoreAsync(node, finished) : WaitThenCommitAsync(node, finished);
    }

    private async ValueTask WaitThenCommitAsync(RunNode node, Finished finished)
    {
        await _commitSlots.WaitAsync().ConfigureAwait(false);
        await CommitCoreAsync(node, finished).ConfigureAwait(false);
    }

    /// <summary>Hands the completion to the store; the caller holds a commit slot, released when the commit is durable.</summary>
    private ValueTask CommitCoreAsync(RunNode node, Finished finished)
    {
        var record = new TaskRecord(node.Index, node.Task.InstructionCid, node.Task.Run.DisplayName, finished.State, finished.Replayed, finished.Receipt?.Cid, finished.Attempts, finished.Duration);
        ValueTask commit;
        try
        {
            commit = _store.CompleteTasksAsync(RunId, [new TaskCompletion(record, finished.Receipt)]);
        }
        catch
        {
            _commitSlots.Release();
            throw;
        }

        if (commit.IsCompletedSuccessfully)
        {
            _commitSlots.Release();
            OnCommitted(node, finished);
        }
        else
        {
            _ = AwaitCommitAsync(commit, node, finished);
        }

        return ValueTask.CompletedTask;
    }

    private async Task AwaitCommitAsync(ValueTask commit, RunNode node, Finished finished)
    {
        try
        {
            await commit.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _commitSlots.Release();
            Log.StoreFailed(_logger, RunId, e);
            Drop(stop: (RunStatus.Parked, $"task {node.Index} ({node.Task.InstructionCid}) could not be recorded: {e.Message}"));
            return;
        }

        _commitSlots.Release();
        OnCommitted(node, finished);
    }

    private void OnCommitted(RunNode node, Finished finished)
    {
        List<RunNode>? ready = null;
        TaskCompletionSource<Receipt>? waiters;
        (RunStatus, string?)? outcome;
        lock (_gate)
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

            if (finished.Park is { } reason && _stop is null)
            {
                _stop = (RunStatus.Parked, reason);
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

            waiters = node.Waiters;
            outcome = TryFinishLocked();
        }

        if (ready is not null)
        {
            foreach (var dependent in ready)
            {
                _ready.Writer.TryWrite(dependent);
            }
        }

        if (waiters is not null)
        {
            if (finished.Receipt is { } receipt)
            {
                waiters.TrySetResult(receipt);
            }
            else
            {
                waiters.TrySetException(new TaskSkippedException($"Task {node.Index} ({node.Task.InstructionCid}) was skipped: it awaits an error from a task that succeeded."));
            }
        }

        Raise(node, finished.State);
        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    private void Drop((RunStatus, string)? stop)
    {
        (RunStatus, string?)? outcome;
        lock (_gate)
        {
            _active--;
            if (stop is { } s && _stop is null)
            {
                _stop = s;
            }

            outcome = TryFinishLocked();
        }

        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    private readonly record struct Finished(TaskState State, Receipt? Receipt, bool Replayed, int Attempts, TimeSpan Duration, string? Park);
}
