using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Running one leased task: the in-doubt check, the memo look-up, promise resolution and the attempts.</summary>
public sealed partial class DurableWorker
{
    /// <summary>The completion to commit, or null when the work was abandoned (lease lost): nothing is recorded.</summary>
    /// <param name="lease">The task's lease.</param>
    /// <param name="known">Awaited tasks of the run whose final state and receipt this worker committed itself.</param>
    /// <param name="claimUnsynced">The lease came from a commit that did not wait for the disk (only recomputable completions).</param>
    /// <param name="abandon">Fires when the lease is lost.</param>
    private async Task<LeasedCompletion?> ExecuteAsync(TaskLease lease, IReadOnlyDictionary<Cid, AwaitedTask>? known, bool claimUnsynced, CancellationToken abandon)
    {
        var workflow = await LoadWorkflowAsync(lease.WorkflowCid, abandon).ConfigureAwait(false);
        var task = lease.Index < workflow.Tasks.Count ? workflow.Tasks[lease.Index] : null;
        if (task is null || task.InstructionCid != lease.InstructionCid)
        {
            throw new InvalidOperationException($"The queue names task {lease.Index} ({lease.InstructionCid}) of workflow {lease.WorkflowCid}, which has no such task.");
        }

        if (!_ops.TryGet(task.Run.Op, out var op))
        {
            return Finished(lease, TaskResult.Error($"no handler is registered for op '{task.Run.Op}'"), 0, TimeSpan.Zero, task);
        }

        var effectClass = op.EffectClassOf(task.Run);

        // Claimed by a commit that did not wait for the disk: a database crash could still undo the claim, and with it
        // the record that this task started. Before anything but a pure op runs, a heartbeat (a synchronous commit,
        // which flushes the log up to and including that claim) makes the claim durable and confirms it is still ours.
        if (claimUnsynced && effectClass != EffectClass.Pure
            && (await _queue.HeartbeatAsync(Info.Id, [lease], _options.LeaseDuration, abandon).ConfigureAwait(false)).Count > 0)
        {
            return null;
        }

        // Claimed before and never finished: the earlier worker died or stalled past its lease. For an effectful task
        // its effect may have happened, so the run parks unless it (or this worker) says to retry with the same key.
        if (lease.Claims > 1 && effectClass == EffectClass.Effectful && !(lease.RetryInterruptedEffects || _options.RetryInterruptedEffects))
        {
            var why = $"task {lease.Index} ({lease.InstructionCid}) is effectful and its worker was lost after it started; its effect may have happened. Check, then resume with RetryInterruptedEffects (ipvm resume --retry-effects)";
            return new LeasedCompletion(lease, TaskState.Pending, null, false, 0, TimeSpan.Zero, why);
        }

        // Pure tasks were looked up at submission; effects are looked up again just before they run, as in-process:
        // by the claim itself when the queue can (no round trip of its own), else here.
        if (effectClass != EffectClass.Pure && await FindMemoAsync(lease, abandon).ConfigureAwait(false) is { } hit)
        {
            return new LeasedCompletion(lease, TaskState.Succeeded, hit, Replayed: true, 0, TimeSpan.Zero, null);
        }

        var resolution = await ResolveAsync(lease, task, known, abandon).ConfigureAwait(false);
        if (resolution.Skip)
        {
            return new LeasedCompletion(lease, TaskState.Skipped, null, false, 0, TimeSpan.Zero, null);
        }

        if (resolution.Failure is { } failure)
        {
            return Finished(lease, failure, 0, TimeSpan.Zero, task);
        }

        var outcome = await TaskAttempts.RunAsync(op, effectClass, lease.RunId, lease.Index, task, resolution.Input!, _retries, _time, _logger, abandon).ConfigureAwait(false);
        return outcome is { } o ? Finished(lease, o.Result, o.Attempts, o.Duration, task) with { Park = o.Park, Recomputable = _options.UnsyncedPureCommits && effectClass == EffectClass.Pure && o.Park is null } : null;
    }

    /// <summary>
    /// The memo look-up for a task that is not pure: the answer the claim brought (read in the claim's transaction,
    /// after the task was submitted, so a receipt recorded meanwhile by another run of the instruction is seen), or
    /// the store's when the queue did not look.
    /// </summary>
    private ValueTask<Receipt?> FindMemoAsync(TaskLease lease, CancellationToken cancellationToken) =>
        lease.MemoChecked ? ValueTask.FromResult(lease.Memo) : _store.FindReceiptAsync(lease.InstructionCid, cancellationToken);

    private static LeasedCompletion Finished(TaskLease lease, TaskResult result, int attempts, TimeSpan duration, WorkflowTask task) =>
        new(lease, result.IsOk ? TaskState.Succeeded : TaskState.Failed, Receipt.For(task, result), false, attempts, duration, null);

    /// <summary>
    /// Awaited tasks of the run come from <paramref name="known"/> (finished tasks whose completion this worker
    /// committed) or else from the queue; awaits of instructions outside the run from the store's receipts.
    /// </summary>
    private async Task<Resolution> ResolveAsync(TaskLease lease, WorkflowTask task, IReadOnlyDictionary<Cid, AwaitedTask>? known, CancellationToken cancellationToken)
    {
        var promises = task.Run.Promises;
        if (promises.Count == 0)
        {
            return new Resolution(task.Run.Input, null, false);
        }

        var awaited = promises.Select(p => p.Cid).Distinct().ToArray();
        var unknown = known is null ? awaited : awaited.Where(c => !known.ContainsKey(c)).ToArray();
        var inRun = unknown.Length == 0 ? known! : await _queue.GetAwaitedAsync(lease.RunId, unknown, cancellationToken).ConfigureAwait(false);
        var results = new Dictionary<Cid, (TaskState State, TaskResult? Result)>(awaited.Length);
        foreach (var cid in awaited)
        {
            if (known?.TryGetValue(cid, out var upstream) == true || inRun.TryGetValue(cid, out upstream))
            {
                if (upstream.State is not (TaskState.Succeeded or TaskState.Failed or TaskState.Skipped))
                {
                    throw new InvalidOperationException($"Task {lease.Index} of run {lease.RunId} became runnable while {cid}, which it awaits, is {upstream.State}.");
                }

                results[cid] = (upstream.State, upstream.Receipt?.Out);
            }
            else
            {
                var receipt = await _store.FindReceiptAsync(cid, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Task {lease.Index} of run {lease.RunId} awaits {cid}, which is neither a task of the run nor has a receipt.");
                results[cid] = (TaskState.Succeeded, receipt.Out);
            }
        }

        return PromiseResolver.Resolve(task.Run, results);
    }

    /// <summary>Workflow blocks are immutable (named by CID), so each is decoded once per worker.</summary>
    private Task<Workflow> LoadWorkflowAsync(Cid cid, CancellationToken cancellationToken)
    {
        var loading = _workflows.GetOrAdd(cid, c => LoadAsync(c));
        if (loading.IsFaulted || loading.IsCanceled)
        {
            _workflows.TryRemove(new KeyValuePair<Cid, Task<Workflow>>(cid, loading));
        }

        return loading.WaitAsync(cancellationToken);

        async Task<Workflow> LoadAsync(Cid c)
        {
            var block = await _store.GetBlockAsync(c, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The workflow block {c} is missing from the store (or corrupt).");
            return WorkflowReader.FromIpld(DagCbor.Decode(block, IpldDecodeLimits.Trusted));
        }
    }
}
