using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A work queue in process memory over a store, for tests of the worker logic (fencing, matchmaking, duplicate
/// submission) and for workers sharing one process. It keeps the same rules as the PostgreSQL queue; one lock
/// stands in for its transactions.
/// </summary>
public sealed partial class InMemoryWorkQueue : IWorkQueue, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly IDurableStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, QRun> _runs = new(StringComparer.Ordinal);
    private readonly List<QTask> _tasks = [];
    private readonly Dictionary<string, (WorkerInfo Info, DateTimeOffset Heartbeat)> _workers = new(StringComparer.Ordinal);

    /// <summary>Creates a queue whose runs, receipts and task records live in <paramref name="store"/>.</summary>
    public InMemoryWorkQueue(IDurableStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    /// <inheritdoc />
    public async ValueTask<SubmittedRun> SubmitAsync(QueuedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = _runs.Values.FirstOrDefault(r => r.Run.WorkflowCid == run.WorkflowCid && !IsFinal(r.Status));
            if (existing is not null)
            {
                return new SubmittedRun(existing.Run.RunId, Created: false);
            }

            var q = new QRun(run);
            _runs.Add(run.RunId, q);
            await _store.CreateRunAsync(new RunRecord(run.RunId, RunStatus.Running, run.WorkflowCid, run.Name, run.CreatedAt, run.CreatedAt), cancellationToken).ConfigureAwait(false);
            var replays = new List<TaskCompletion>();
            foreach (var task in run.Tasks)
            {
                var t = new QTask(q, task, _tasks.Count) { Pending = task.PendingDependencies };
                q.Tasks.Add(t);
                q.ByCid[task.InstructionCid] = t;
                _tasks.Add(t);
                if (task.Memo is { } memo)
                {
                    t.State = TaskState.Succeeded;
                    t.Receipt = memo;
                    replays.Add(new TaskCompletion(new TaskRecord(task.Index, task.InstructionCid, task.Name, TaskState.Succeeded, true, memo.Cid, 0, TimeSpan.Zero), null));
                }
                else
                {
                    q.Unfinished++;
                }
            }

            if (replays.Count > 0)
            {
                await _store.CompleteTasksAsync(run.RunId, replays, cancellationToken).ConfigureAwait(false);
            }

            if (q.Unfinished == 0)
            {
                await FinishAsync(q, cancellationToken).ConfigureAwait(false);
            }

            return new SubmittedRun(run.RunId, Created: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask RegisterAsync(WorkerInfo worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _workers[worker.Id] = (worker, _time.GetUtcNow());
        _lock.Release();
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(string workerId, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _workers.Remove(workerId);
        _lock.Release();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskLease>> ClaimAsync(WorkerInfo worker, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            _workers[worker.Id] = (worker, now);
            var claimed = new List<TaskLease>();
            foreach (var t in _tasks)
            {
                if (claimed.Count >= max)
                {
                    break;
                }

                if (IsClaimable(t, now) && CanRun(worker, t.Def))
                {
                    Lease(t, worker.Id, now + lease);
                    claimed.Add(t.ToLease());
                }
            }

            return claimed;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskLease>> HeartbeatAsync(string workerId, IReadOnlyList<TaskLease> held, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (_workers.TryGetValue(workerId, out var w))
            {
                _workers[workerId] = (w.Info, now);
            }

            var lost = new List<TaskLease>();
            foreach (var l in held)
            {
                var t = Find(l);
                if (t is { State: TaskState.Running } && t.Epoch == l.Epoch && t.Owner == workerId)
                {
                    t.Expires = now + lease;
                }
                else if (t is null || t.Epoch != l.Epoch)
                {
                    lost.Add(l);
                }
            }

            return lost;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var l in leases)
        {
            if (Find(l) is { State: TaskState.Running } t && t.Epoch == l.Epoch)
            {
                t.State = TaskState.Pending;
                t.Owner = null;
                t.Claims--;
            }
        }

        _lock.Release();
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResumeAsync(string runId, bool retryInterruptedEffects, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_runs.TryGetValue(runId, out var run) || run.Status is not (RunStatus.Parked or RunStatus.Paused))
            {
                return false;
            }

            run.Status = RunStatus.Running;
            run.RetryInterruptedEffects |= retryInterruptedEffects;
            await _store.SetRunStatusAsync(runId, RunStatus.Running, null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<Cid, AwaitedTask>> GetAwaitedAsync(string runId, IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCids);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var found = new Dictionary<Cid, AwaitedTask>();
            if (_runs.TryGetValue(runId, out var run))
            {
                foreach (var cid in instructionCids)
                {
                    if (run.ByCid.TryGetValue(cid, out var t))
                    {
                        found[cid] = new AwaitedTask(t.State, t.Receipt);
                    }
                }
            }

            return found;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WaitingTask>> FindWaitingAsync(string? runId, TimeSpan liveness, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var live = _workers.Values.Where(w => w.Heartbeat >= now - liveness).Select(w => w.Info).ToArray();
            return [.. _tasks
                .Where(t => (runId is null || t.Run.Run.RunId == runId) && IsClaimable(t, now) && !live.Any(w => CanRun(w, t.Def)))
                .Select(t => new WaitingTask(t.Run.Run.RunId, t.Def.Index, t.Def.InstructionCid, t.Def.Op, t.Def.Labels))];
        }
        finally
        {
            _lock.Release();
        }
    }

    private static bool IsFinal(RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    private static bool CanRun(WorkerInfo worker, QueuedTask task) =>
        worker.Ops.Contains(task.Op, StringComparer.Ordinal) && TaskLabels.Satisfies(worker.Labels, task.Labels);

    private static bool IsClaimable(QTask t, DateTimeOffset now) =>
        t.Run.Status == RunStatus.Running
        && ((t.State == TaskState.Pending && t.Pending == 0) || (t.State == TaskState.Running && t.Expires < now));

    /// <summary>A claim: the task is leased to <paramref name="workerId"/> under a raised epoch, which fences the previous holder.</summary>
    private static void Lease(QTask t, string workerId, DateTimeOffset expires)
    {
        t.State = TaskState.Running;
        t.Owner = workerId;
        t.Expires = expires;
        t.Epoch++;
        t.Claims++;
    }

    private QTask? Find(TaskLease lease) =>
        _runs.TryGetValue(lease.RunId, out var run) && lease.Index < run.Tasks.Count ? run.Tasks[lease.Index] : null;
}
