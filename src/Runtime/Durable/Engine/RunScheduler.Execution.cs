using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Workers: memo look-up, promise resolution, attempts with timeout and retries, and the commit.</summary>
internal sealed partial class RunScheduler
{
    /// <summary>The most ready tasks one worker takes at once.</summary>
    private const int MaxBatch = 64;

    /// <summary>
    /// A worker takes a batch of ready tasks (its share of the queue, at most <see cref="MaxBatch"/>), runs those
    /// that finish synchronously one after another and commits them together: one store call and one pass under
    /// the lock per batch instead of per task. When a task has to wait, the worker commits what it has, hands
    /// the rest of its batch back to the queue for other workers, and waits for that task alone.
    /// </summary>
    private async Task WorkerAsync()
    {
        var reader = _ready.Reader;
        var batch = new List<RunNode>(MaxBatch);
        var finished = new List<Completed>(MaxBatch);
        while (true)
        {
            // ReadAsync hands a task to one waiting worker; WaitToReadAsync would wake every idle worker for each task.
            var first = reader.TryRead(out var queued) ? queued : await reader.ReadAsync().ConfigureAwait(false);
            if (first is null)
            {
                return;
            }

            batch.Add(first);
            var take = Math.Clamp((reader.Count + 1) / _options.MaxParallelism, 1, MaxBatch);
            while (batch.Count < take && reader.TryRead(out var node))
            {
                if (node is null)
                {
                    // Another worker's end marker: leave it for that worker.
                    _ready.Writer.TryWrite(null);
                    break;
                }

                batch.Add(node);
            }

            if (!TryBegin(batch.Count))
            {
                batch.Clear();
                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var node = batch[i];
                if (_stopRequested)
                {
                    // Leave the rest pending, as a stopped run does.
                    await CommitAsync(finished).ConfigureAwait(false);
                    Release(batch.Count - i, handBack: null);
                    break;
                }

                ValueTask<Finished?> execution;
                try
                {
                    execution = ExecuteAsync(node);
                }
                catch (Exception e)
                {
                    Failed([node], e);
                    continue;
                }

                if (execution.IsCompletedSuccessfully)
                {
                    Collect(node, execution.Result, finished);
                    continue;
                }

                await CommitAsync(finished).ConfigureAwait(false);
                Release(batch.Count - i - 1, handBack: batch.GetRange(i + 1, batch.Count - i - 1));
                try
                {
                    Collect(node, await execution.ConfigureAwait(false), finished);
                }
                catch (Exception e)
                {
                    Failed([node], e);
                }

                break;
            }

            await CommitAsync(finished).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private void Collect(RunNode node, Finished? result, List<Completed> finished)
    {
        if (result is { } done)
        {
            finished.Add(new Completed(node, done));
        }
        else
        {
            Drop(stop: null);
        }
    }

    /// <summary>Counts <paramref name="count"/> tasks as active unless the run is stopping.</summary>
    private bool TryBegin(int count)
    {
        lock (_gate)
        {
            if (StopState is not null)
            {
                return false;
            }

            _active += count;
            return true;
        }
    }

    /// <summary>Stops counting tasks taken but not run; <paramref name="handBack"/> returns them to the queue first.</summary>
    private void Release(int count, List<RunNode>? handBack)
    {
        if (count == 0)
        {
            return;
        }

        foreach (var node in handBack ?? [])
        {
            _ready.Writer.TryWrite(node);
        }

        (RunStatus, string?)? outcome;
        lock (_gate)
        {
            _active -= count;
            outcome = TryFinishLocked();
        }

        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    /// <summary>Memo look-up, promise resolution and attempts; the result is committed by the caller.</summary>
    private async ValueTask<Finished?> ExecuteAsync(RunNode node)
    {
        var task = node.Task;
        var op = _ops.TryGet(task.Run.Op, out var found) ? found : null;

        // The memo look-up, unless the task was just looked up (pure) or cannot have a receipt (see MemoCheck).
        if (node.Memo != MemoCheck.Unrecorded && !(node.Memo == MemoCheck.Missed && op?.EffectClassOf(task.Run) == EffectClass.Pure))
        {
            var lookup = _store.FindReceiptAsync(task.InstructionCid);
            var hit = lookup.IsCompletedSuccessfully ? lookup.Result : await lookup.ConfigureAwait(false);
            if (hit is not null)
            {
                return new Finished(TaskState.Succeeded, hit, Replayed: true, 0, TimeSpan.Zero, null);
            }
        }

        var resolution = Resolve(node);
        if (resolution.Skip)
        {
            return new Finished(TaskState.Skipped, null, false, 0, TimeSpan.Zero, null);
        }

        if (resolution.Failure is { } failure)
        {
            return new Finished(TaskState.Failed, Receipt.For(task, failure), false, 0, TimeSpan.Zero, null);
        }

        if (op is null)
        {
            var error = TaskResult.Error($"no handler is registered for op '{task.Run.Op}'");
            return new Finished(TaskState.Failed, Receipt.For(task, error), false, 0, TimeSpan.Zero, null);
        }

        var attempts = RunAttemptsAsync(node, op, resolution.Input!);
        return attempts.IsCompletedSuccessfully ? attempts.Result : await attempts.ConfigureAwait(false);
    }

    private async ValueTask<Finished?> RunAttemptsAsync(RunNode node, OpDefinition op, IpldValue input)
    {
        var task = node.Task;
        var effectClass = op.EffectClassOf(task.Run);
        if (effectClass != EffectClass.Pure)
        {
            // No effect starts on a receipt that another run committed and the store has not made durable yet (a memo
            // hit, an awaited receipt): every commit the store made so far must be (see IRunStore.WhenDurableAsync).
            await _store.WhenDurableAsync(_cancel.Token).ConfigureAwait(false);
        }

        if (effectClass == EffectClass.Effectful)
        {
            await _store.ClaimTaskAsync(RunId, node.ToRecord() with { State = TaskState.Running, Attempts = 1 }).ConfigureAwait(false);
        }

        Raise(node, TaskState.Running);
        var attempts = TaskAttempts.RunAsync(op, effectClass, RunId, node.Index, task, input, _retries, _time, _logger, _cancel.Token);
        var outcome = attempts.IsCompletedSuccessfully ? attempts.Result : await attempts.ConfigureAwait(false);
        return outcome is { } o
            ? new Finished(o.Result.IsOk ? TaskState.Succeeded : TaskState.Failed, Receipt.For(task, o.Result), false, o.Attempts, o.Duration, o.Park, op.Derivable)
            : null;
    }

    private void Drop((RunStatus, string)? stop)
    {
        (RunStatus, string?)? outcome;
        lock (_gate)
        {
            _active--;
            if (stop is { } s && StopState is null)
            {
                StopState = s;
            }

            outcome = TryFinishLocked();
        }

        if (outcome is { } o)
        {
            _ = FinalizeAsync(o.Item1, o.Item2);
        }
    }

    // Derivable: the op's OpDefinition.Derivable, carried to the commit (set only when the op ran).
    private readonly record struct Finished(TaskState State, Receipt? Receipt, bool Replayed, int Attempts, TimeSpan Duration, string? Park, bool Derivable = false);
}
