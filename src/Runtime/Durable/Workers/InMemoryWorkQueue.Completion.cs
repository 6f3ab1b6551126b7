namespace Ipvm.Durable;

/// <summary>Completion under the lease's epoch, dependents released, and the run's end.</summary>
public sealed partial class InMemoryWorkQueue
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default) =>
        (await CompleteCoreAsync(completions, null, cancellationToken).ConfigureAwait(false)).Outcomes;

    /// <inheritdoc />
    public ValueTask<CompletionResult> CompleteAndClaimAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNegative(claim.Max);
        return CompleteCoreAsync(completions, claim, cancellationToken);
    }

    private async ValueTask<CompletionResult> CompleteCoreAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completions);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcomes = new CompletionOutcome[completions.Count];
            var released = new List<QTask>();
            for (var i = 0; i < completions.Count; i++)
            {
                outcomes[i] = await CompleteOneAsync(completions[i], released, cancellationToken).ConfigureAwait(false);
            }

            // After every completion of the batch (a park among them stops its run's dependents), as one transaction would.
            var now = _time.GetUtcNow();
            var claimed = new List<TaskLease>();
            var more = false;
            foreach (var t in released.Distinct().OrderBy(t => t.Seq))
            {
                if (!IsClaimable(t, now))
                {
                    continue;
                }

                if (claim is not null && claimed.Count < claim.Max && CanRun(claim.Worker, t.Def))
                {
                    Lease(t, claim.Worker.Id, now + claim.Lease);
                    claimed.Add(t.ToLease());
                }
                else
                {
                    more = true;
                }
            }

            return new CompletionResult(outcomes, claimed, more);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask<CompletionOutcome> CompleteOneAsync(LeasedCompletion c, List<QTask> released, CancellationToken cancellationToken)
    {
        var t = Find(c.Lease);
        if (t is null || t.Epoch != c.Lease.Epoch)
        {
            return new CompletionOutcome(false, null);
        }

        if (t.State != TaskState.Running)
        {
            // The same epoch already finished: a retried commit that had landed.
            return new CompletionOutcome(t.State is TaskState.Succeeded or TaskState.Failed or TaskState.Skipped, null);
        }

        var run = t.Run;
        t.Owner = null;
        if (c.State == TaskState.Pending)
        {
            t.State = TaskState.Pending;
            await ParkAsync(run, c.Park ?? "a worker handed the task back", cancellationToken).ConfigureAwait(false);
            return new CompletionOutcome(true, null);
        }

        t.State = c.State;
        t.Receipt = c.Receipt;
        var record = new TaskRecord(t.Def.Index, t.Def.InstructionCid, t.Def.Name, c.State, c.Replayed, c.Receipt?.Cid, c.Attempts, c.Duration);
        await _store.CompleteTasksAsync(run.Run.RunId, [new TaskCompletion(record, c.Receipt)], cancellationToken).ConfigureAwait(false);
        run.Unfinished--;
        if (c.State == TaskState.Failed)
        {
            run.FirstError ??= $"task {t.Def.Index} ({t.Def.Name}, {t.Def.InstructionCid}) failed: {c.Receipt?.Out.Describe()}";
        }

        foreach (var dependent in t.Def.Dependents)
        {
            run.Tasks[dependent].Pending--;
            released.Add(run.Tasks[dependent]);
        }

        if (c.Park is { } park)
        {
            await ParkAsync(run, park, cancellationToken).ConfigureAwait(false);
        }

        return new CompletionOutcome(true, run.Unfinished == 0 && run.Status == RunStatus.Running ? await FinishAsync(run, cancellationToken).ConfigureAwait(false) : null);
    }

    private async ValueTask ParkAsync(QRun run, string reason, CancellationToken cancellationToken)
    {
        if (run.Status == RunStatus.Running)
        {
            run.Status = RunStatus.Parked;
            await _store.SetRunStatusAsync(run.Run.RunId, RunStatus.Parked, reason, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<RunStatus> FinishAsync(QRun run, CancellationToken cancellationToken)
    {
        run.Status = run.FirstError is null ? RunStatus.Completed : RunStatus.Failed;
        await _store.SetRunStatusAsync(run.Run.RunId, run.Status, run.FirstError, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return run.Status;
    }

    private sealed class QRun(QueuedRun run)
    {
        public QueuedRun Run { get; } = run;

        public RunStatus Status { get; set; } = RunStatus.Running;

        public List<QTask> Tasks { get; } = [];

        public Dictionary<Ipld.Cid, QTask> ByCid { get; } = [];

        public int Unfinished { get; set; }

        public string? FirstError { get; set; }

        public bool RetryInterruptedEffects { get; set; } = run.RetryInterruptedEffects;
    }

    private sealed class QTask(QRun run, QueuedTask def, long seq)
    {
        public QRun Run { get; } = run;

        public QueuedTask Def { get; } = def;

        public long Seq { get; } = seq;

        public TaskState State { get; set; } = TaskState.Pending;

        public int Pending { get; set; }

        public string? Owner { get; set; }

        public DateTimeOffset Expires { get; set; }

        public long Epoch { get; set; }

        public int Claims { get; set; }

        public Receipt? Receipt { get; set; }

        public TaskLease ToLease() => new(Run.Run.RunId, Def.Index, Def.InstructionCid, Run.Run.WorkflowCid, Epoch, Claims, Run.RetryInterruptedEffects);
    }
}
