using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// The queue of runnable tasks that many worker processes share. A task becomes runnable when everything it
/// awaits has finished; a worker claims it with a lease whose epoch fences the worker if the lease expires and
/// another worker takes the task over. Implementations: <see cref="InMemoryWorkQueue"/> (tests) and the
/// PostgreSQL queue (<c>FOR UPDATE SKIP LOCKED</c>). Submit runs through <see cref="WorkSubmission"/>.
/// </summary>
public interface IWorkQueue
{
    /// <summary>
    /// Records a run and its tasks, unless an unfinished run of the same workflow exists: then that run's id is
    /// returned with <see cref="SubmittedRun.Created"/> false. Two concurrent submissions get one run.
    /// </summary>
    ValueTask<SubmittedRun> SubmitAsync(QueuedRun run, CancellationToken cancellationToken = default);

    /// <summary>Registers (or re-registers) a worker and stamps its heartbeat.</summary>
    ValueTask RegisterAsync(WorkerInfo worker, CancellationToken cancellationToken = default);

    /// <summary>Removes a worker that is shutting down.</summary>
    ValueTask UnregisterAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> runnable tasks of running runs that <paramref name="worker"/> can run (it
    /// has the op and every label the task asks for), including tasks whose lease expired. Each claim raises the
    /// task's lease epoch, so the previous holder's completion is fenced.
    /// </summary>
    ValueTask<IReadOnlyList<TaskLease>> ClaimAsync(WorkerInfo worker, int max, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stamps the worker's heartbeat and extends the leases it still holds; returns the leases it lost (expired
    /// and taken over, or the run stopped), whose work should be abandoned.
    /// </summary>
    ValueTask<IReadOnlyList<TaskLease>> HeartbeatAsync(string workerId, IReadOnlyList<TaskLease> held, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits completions, each in the same transaction as its receipt, but only while the lease's epoch is
    /// current: a fenced completion writes nothing. Dependents of finished tasks become runnable; the completion
    /// that finishes a run's last task sets its final status.
    /// </summary>
    ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits completions as <see cref="CompleteAsync"/> does and, in the same transaction, claims for
    /// <paramref name="claim"/>'s worker up to <see cref="DependentClaim.Max"/> of the dependents those completions
    /// made runnable (each with a raised epoch, as a claim), if the worker can run them and their run is running.
    /// Fenced completions release nothing, so they hand over nothing.
    /// </summary>
    ValueTask<CompletionResult> CompleteAndClaimAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Returns leased tasks that were not started to the queue (a worker shutting down).</summary>
    ValueTask ReleaseAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a parked or paused run running again; <paramref name="retryInterruptedEffects"/> lets its effectful tasks
    /// that were interrupted mid-effect run again (same idempotency key). False when the run is not parked or paused.
    /// </summary>
    ValueTask<bool> ResumeAsync(string runId, bool retryInterruptedEffects, CancellationToken cancellationToken = default);

    /// <summary>The state and receipt of each of <paramref name="instructionCids"/> in the run (absent: not a task of the run).</summary>
    ValueTask<IReadOnlyDictionary<Cid, AwaitedTask>> GetAwaitedAsync(string runId, IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runnable tasks (of <paramref name="runId"/>, or of every run) that no worker whose heartbeat is younger than
    /// <paramref name="liveness"/> can run: they wait for a capable worker.
    /// </summary>
    ValueTask<IReadOnlyList<WaitingTask>> FindWaitingAsync(string? runId, TimeSpan liveness, CancellationToken cancellationToken = default);
}
