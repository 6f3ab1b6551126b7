using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Tests.Workers;

/// <summary>A worker runs the dependents its own commits hand over: no claim and no read of inputs it already holds.</summary>
public sealed class HandOverTests : IDisposable
{
    private readonly InMemoryDurableStore _store = new();
    private readonly CountingQueue _queue;

    public HandOverTests() => _queue = new CountingQueue(new InMemoryWorkQueue(_store));

    public void Dispose() => _queue.Inner.Dispose();

    [Fact]
    public async Task A_chain_runs_on_one_worker_from_a_single_claimed_task_without_reading_back_its_inputs()
    {
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, Chain(30));
        var worker = new DurableWorker(_store, _queue, new OpRegistry().AddTestOps(), Options(concurrency: 4));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = await worker.RunUntilFinishedAsync(submitted.RunId, timeout.Token);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(30, worker.TasksCompleted);
        Assert.Equal(1, _queue.LeasesFromClaims);
        Assert.Equal(29, _queue.LeasesHandedOver);
        Assert.Equal(0, _queue.AwaitedReads);
        var last = (await _store.GetTasksAsync(submitted.RunId)).Single(t => t.Index == 29);
        Assert.Equal(IpldInteger.From(30), (await _store.GetReceiptAsync(last.ReceiptCid!))!.Out.Value);
    }

    [Fact]
    public async Task A_worker_at_concurrency_one_takes_one_released_dependent_and_claims_the_rest()
    {
        var root = Task("test/count", "step", TaskMeta.Empty, "fan", 0);
        var fan = Enumerable.Range(0, 6).Select(i => Task("test/count", "step", TaskMeta.Empty, $"leaf{i}", Ok(root))).ToArray();
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([root, .. fan]));
        var worker = new DurableWorker(_store, _queue, new OpRegistry().AddTestOps(), Options(concurrency: 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = await worker.RunUntilFinishedAsync(submitted.RunId, timeout.Token);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, _queue.LeasesHandedOver);
        Assert.Equal(6, _queue.LeasesFromClaims);
        Assert.Equal(1, _queue.MostHeldAtOnce);
    }

    [Fact]
    public async Task A_non_pure_task_handed_over_by_an_unsynced_commit_waits_for_a_heartbeat_before_it_runs()
    {
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _queue.Events = events;
        var ops = new OpRegistry()
            .Register("test/pure", EffectClass.Pure, c =>
            {
                events.Enqueue("pure ran");
                return TaskResult.Ok(1);
            })
            .Register("test/send", EffectClass.Effectful, c =>
            {
                events.Enqueue("effect ran");
                return TaskResult.Ok("sent");
            });
        var pure = Task("test/pure", "first");
        var pureAgain = Task("test/pure", Ok(pure));
        var send = Task("test/send", Ok(pureAgain));
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([pure, pureAgain, send]), ops);
        var options = Options(concurrency: 4);
        options.LeaseDuration = TimeSpan.FromMinutes(30);
        options.HeartbeatInterval = TimeSpan.FromMinutes(10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = await new DurableWorker(_store, _queue, ops, options).RunUntilFinishedAsync(submitted.RunId, timeout.Token);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(["pure ran", "commit 0 recomputable", "pure ran", "commit 1 recomputable", "heartbeat 2", "effect ran", "commit 2"], events);
    }

    [Fact]
    public async Task With_unsynced_pure_commits_off_no_completion_is_offered_as_recomputable()
    {
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _queue.Events = events;
        var ops = new OpRegistry().Register("test/pure", EffectClass.Pure, c => TaskResult.Ok(1));
        var first = Task("test/pure", "first");
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([first, Task("test/pure", Ok(first))]), ops);
        var options = Options(concurrency: 4);
        options.UnsyncedPureCommits = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = await new DurableWorker(_store, _queue, ops, options).RunUntilFinishedAsync(submitted.RunId, timeout.Token);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(["commit 0", "commit 1"], events.Where(e => e.StartsWith("commit", StringComparison.Ordinal)));
    }

    private static DurableWorkerOptions Options(int concurrency) =>
        new() { WorkerId = "w", Concurrency = concurrency, PollInterval = TimeSpan.FromMilliseconds(5), LeaseDuration = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(1) };

    /// <summary>Counts what the worker asks of the queue, and the most leases it held at once.</summary>
    private sealed class CountingQueue(InMemoryWorkQueue inner) : IWorkQueue
    {
        private int _held;
        private int _claimed;
        private int _handedOver;
        private int _reads;
        private int _most;

        public InMemoryWorkQueue Inner => inner;

        public int LeasesFromClaims => Volatile.Read(ref _claimed);

        public int LeasesHandedOver => Volatile.Read(ref _handedOver);

        public int AwaitedReads => Volatile.Read(ref _reads);

        public int MostHeldAtOnce => Volatile.Read(ref _most);

        /// <summary>When set, gets a line per commit and per heartbeat, in order.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<string>? Events { get; set; }

        public ValueTask<SubmittedRun> SubmitAsync(QueuedRun run, CancellationToken cancellationToken = default) => inner.SubmitAsync(run, cancellationToken);

        public ValueTask RegisterAsync(WorkerInfo worker, CancellationToken cancellationToken = default) => inner.RegisterAsync(worker, cancellationToken);

        public ValueTask UnregisterAsync(string workerId, CancellationToken cancellationToken = default) => inner.UnregisterAsync(workerId, cancellationToken);

        public async ValueTask<IReadOnlyList<TaskLease>> ClaimAsync(WorkerInfo worker, int max, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            var leases = await inner.ClaimAsync(worker, max, lease, cancellationToken);
            Interlocked.Add(ref _claimed, leases.Count);
            Hold(leases.Count);
            return leases;
        }

        public ValueTask<IReadOnlyList<TaskLease>> HeartbeatAsync(string workerId, IReadOnlyList<TaskLease> held, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            Events?.Enqueue($"heartbeat {string.Join(",", held.Select(l => l.Index))}");
            return inner.HeartbeatAsync(workerId, held, lease, cancellationToken);
        }

        public ValueTask<IReadOnlyList<CompletionOutcome>> CompleteAsync(IReadOnlyList<LeasedCompletion> completions, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The worker commits through CompleteAndClaimAsync.");

        public async ValueTask<CompletionResult> CompleteAndClaimAsync(IReadOnlyList<LeasedCompletion> completions, DependentClaim claim, CancellationToken cancellationToken = default)
        {
            Events?.Enqueue($"commit {string.Join(",", completions.Select(c => c.Lease.Index))}{(completions.All(c => c.Recomputable) ? " recomputable" : "")}");
            var result = await inner.CompleteAndClaimAsync(completions, claim, cancellationToken);
            Interlocked.Add(ref _handedOver, result.Claimed.Count);
            Hold(result.Claimed.Count - completions.Count);
            return result;
        }

        public ValueTask ReleaseAsync(IReadOnlyList<TaskLease> leases, CancellationToken cancellationToken = default) => inner.ReleaseAsync(leases, cancellationToken);

        public ValueTask<bool> ResumeAsync(string runId, bool retryInterruptedEffects, CancellationToken cancellationToken = default) =>
            inner.ResumeAsync(runId, retryInterruptedEffects, cancellationToken);

        public ValueTask<IReadOnlyDictionary<Cid, AwaitedTask>> GetAwaitedAsync(string runId, IReadOnlyList<Cid> instructionCids, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.GetAwaitedAsync(runId, instructionCids, cancellationToken);
        }

        public ValueTask<IReadOnlyList<WaitingTask>> FindWaitingAsync(string? runId, TimeSpan liveness, CancellationToken cancellationToken = default) =>
            inner.FindWaitingAsync(runId, liveness, cancellationToken);

        private void Hold(int delta)
        {
            var now = Interlocked.Add(ref _held, delta);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
        }
    }
}
