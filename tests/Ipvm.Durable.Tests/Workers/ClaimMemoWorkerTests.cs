using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests.Engine;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Tests.Workers;

/// <summary>
/// The worker's memo look-up before a task that is not pure runs: taken from the lease when the claim made it
/// (<see cref="TaskLease.MemoChecked"/>), from the store otherwise.
/// </summary>
public sealed class ClaimMemoWorkerTests : IDisposable
{
    private readonly InMemoryDurableStore _inner = new();
    private readonly RecordingStore _store;
    private readonly InMemoryWorkQueue _queue;
    private int _ran;

    public ClaimMemoWorkerTests()
    {
        _store = new RecordingStore(_inner);
        _queue = new InMemoryWorkQueue(_inner);
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task A_receipt_the_claim_brought_is_adopted_without_asking_the_store()
    {
        var put = Task("test/put", "memo from the claim");
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([put]), Ops());
        var recorded = Receipt.For(put, TaskResult.Ok("put by another run"));
        await _inner.PutReceiptAsync(recorded);

        var run = await RunAsync(submitted.RunId, new AnsweringQueue(_queue, _ => recorded));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(0, _ran);
        Assert.Equal(0, _store.SingleLookups);
        var task = Assert.Single(await _store.GetTasksAsync(submitted.RunId));
        Assert.True(task.Replayed);
        Assert.Equal(recorded.Cid, task.ReceiptCid);
    }

    [Fact]
    public async Task A_claim_that_looked_and_found_nothing_is_trusted_and_the_task_runs()
    {
        var put = Task("test/put", "nothing found by the claim");
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([put, Task("test/put", Ok(put))]), Ops());

        var run = await RunAsync(submitted.RunId, new AnsweringQueue(_queue, _ => null));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, _ran);
        Assert.Equal(0, _store.SingleLookups);
    }

    [Fact]
    public async Task Without_the_claims_look_up_the_worker_asks_the_store_before_the_task_runs()
    {
        var put = Task("test/put", "memo from the store");
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([put]), Ops());
        var recorded = Receipt.For(put, TaskResult.Ok("put by another run"));
        await _inner.PutReceiptAsync(recorded);

        var run = await RunAsync(submitted.RunId, _queue);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(0, _ran);
        Assert.Equal(1, _store.SingleLookups);
        Assert.True(Assert.Single(await _store.GetTasksAsync(submitted.RunId)).Replayed);
    }

    private OpRegistry Ops() => new OpRegistry().Register("test/put", EffectClass.Idempotent, _ =>
    {
        Interlocked.Increment(ref _ran);
        return TaskResult.Ok("put here");
    });

    private async Task<RunRecord> RunAsync(string runId, IWorkQueue queue)
    {
        var options = new DurableWorkerOptions { WorkerId = "w", Concurrency = 2, PollInterval = TimeSpan.FromMilliseconds(5), LeaseDuration = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(1) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await new DurableWorker(_store, queue, Ops(), options).RunUntilFinishedAsync(runId, timeout.Token);
    }

    /// <summary>A queue whose claims and hand-overs answer the memo look-up with <paramref name="answer"/>, as the PostgreSQL queue does.</summary>
    private sealed class AnsweringQueue(InMemoryWorkQueue inner, Func<Cid, Receipt?> answer) : IWorkQueue
    {
        public ValueTask<SubmittedRun> SubmitAsync(QueuedRun run, CancellationToken cancellationToken = default) => inner.SubmitAsync(run, cancellationToken);

        public ValueTask RegisterAsync(WorkerInfo worker, CancellationToken cancellationToken = default) => inner.RegisterAsync(worker, cancellationToken);

        public ValueTask UnregisterAsync(string workerId, CancellationToken cancellationToken = default) => inner.UnregisterAsync(workerId, cancellationToken);

        public async ValueTask<IReadOnlyList<TaskLease>> ClaimAsync(WorkerInfo worker, int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
            [.. (await inner.ClaimAsync(worker, max, lease, cancellationToken)).Select(Answer)];

        public ValueTask<IReadOnlyList<TaskLease>> HeartbeatAsync(string workerId, IReadOnlyList<TaskLease> held, TimeSpan lease, CancellationToken cancellationToken = default) =>
            inner.HeartbeatAsync(workerId, held, lease, cancellationToken);

        public ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default) =>
            inner.CompleteAsync(completions, cancellationToken);

        public async ValueTask<CompletionResult> CompleteAndClaimAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim claim, CancellationToken cancellationToken = default)
        {
            var result = await inner.CompleteAndClaimAsync(completions, claim, cancellationToken);
            return result with { Claimed = [.. result.Claimed.Select(Answer)] };
        }

        public ValueTask ReleaseAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken = default) => inner.ReleaseAsync(leases, cancellationToken);

        public ValueTask<bool> ResumeAsync(string runId, bool retryInterruptedEffects, CancellationToken cancellationToken = default) =>
            inner.ResumeAsync(runId, retryInterruptedEffects, cancellationToken);

        public ValueTask<IReadOnlyDictionary<Cid, AwaitedTask>> GetAwaitedAsync(string runId, IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default) =>
            inner.GetAwaitedAsync(runId, instructionCids, cancellationToken);

        public ValueTask<IReadOnlyList<WaitingTask>> FindWaitingAsync(string? runId, TimeSpan liveness, CancellationToken cancellationToken = default) =>
            inner.FindWaitingAsync(runId, liveness, cancellationToken);

        private TaskLease Answer(TaskLease lease) => lease with { MemoChecked = true, Memo = answer(lease.InstructionCid) };
    }
}
