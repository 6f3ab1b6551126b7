using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipvm.Durable;

/// <summary>
/// One worker of a shared <see cref="IWorkQueue"/>: claims runnable tasks it can run, runs them through the same
/// promise resolution, timeouts and retries as the in-process engine, and commits each receipt under its lease.
/// Many workers, in many processes, share one queue; see docs/workers.md.
/// </summary>
public sealed partial class DurableWorker
{
    private readonly IDurableStore _store;
    private readonly IWorkQueue _queue;
    private readonly OpRegistry _ops;
    private readonly DurableWorkerOptions _options;
    private readonly RetryPolicy _retries;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string RunId, int Index), Held> _held = new();
    private readonly ConcurrentDictionary<Cid, Task<Workflow>> _workflows = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _completed;
    private long _fenced;

    /// <summary>Creates a worker; throws when <paramref name="options"/> are out of bounds.</summary>
    public DurableWorker(IDurableStore store, IWorkQueue queue, OpRegistry ops, DurableWorkerOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(ops);
        _options = options ?? new DurableWorkerOptions();
        _options.Validate();
        _store = store;
        _queue = queue;
        _ops = ops;
        _retries = _options.Retries;
        _logger = logger ?? NullLogger.Instance;
        _time = _options.TimeProvider;
        Info = new WorkerInfo(
            _options.WorkerId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{RandomNumberGenerator.GetHexString(6, lowercase: true)}",
            Environment.MachineName,
            Environment.ProcessId,
            ops.Ops,
            TaskLabels.Normalize(_options.Labels));
    }

    /// <summary>What this worker advertises.</summary>
    public WorkerInfo Info { get; }

    /// <summary>Tasks whose completion this worker committed.</summary>
    public long TasksCompleted => Interlocked.Read(ref _completed);

    /// <summary>Completions rejected because another worker had taken the task over (the recorded result stood).</summary>
    public long CompletionsFenced => Interlocked.Read(ref _fenced);

    /// <summary>
    /// Works until <paramref name="stoppingToken"/> fires, then shuts down gracefully: claims stop, tasks already
    /// running finish and are committed, and the worker unregisters.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await RetryAsync("register", ct => _queue.RegisterAsync(Info, ct), stoppingToken).ConfigureAwait(false);
        using var stopHeartbeat = new CancellationTokenSource();
        using var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var running = new ConcurrentDictionary<Task, byte>();
        var committer = new CompletionBatcher(this, slots, running, stoppingToken);
        var heartbeat = HeartbeatLoopAsync(stopHeartbeat.Token);
        try
        {
            await ClaimLoopAsync(slots, running, committer, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // A commit in flight may still hand over dependents; they start before the task that released them ends.
            // Commits are made by the tasks awaiting them, so once none runs, none is in flight.
            while (!running.IsEmpty)
            {
                await Task.WhenAll(running.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            committer.Complete();
            await stopHeartbeat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await _queue.UnregisterAsync(Info.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The row ages out: a worker whose heartbeat is old counts as gone.
                Log.QueueFailed(_logger, Info.Id, "unregister", 0, e);
            }
        }
    }

    /// <summary>
    /// Works until run <paramref name="runId"/> ends (completed, failed, cancelled, parked or paused), then stops
    /// gracefully and returns the run as stored. Other runs' tasks are worked on meanwhile too.
    /// </summary>
    public async Task<RunRecord> RunUntilFinishedAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = RunAsync(stop.Token);
        try
        {
            while (true)
            {
                var run = await RetryAsync("read the run", ct => _store.GetRunAsync(runId, ct), cancellationToken).ConfigureAwait(false)
                    ?? throw new KeyNotFoundException($"There is no run '{runId}' in the store.");
                if (run.IsFinished || run.Status is RunStatus.Parked or RunStatus.Paused)
                {
                    return run;
                }

                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await work.ConfigureAwait(false);
        }
    }

    private async Task ClaimLoopAsync(SemaphoreSlim slots, ConcurrentDictionary<Task, byte> running, CompletionBatcher committer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var free = 1;
            while (free < _options.ClaimBatch && slots.Wait(0, CancellationToken.None))
            {
                free++;
            }

            // Signals from here on (a commit releasing dependents) cut the next idle wait short.
            Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            IReadOnlyList<TaskLease> leases;
            try
            {
                leases = await RetryAsync("claim", ct => _queue.ClaimAsync(Info, free, _options.LeaseDuration, ct), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                slots.Release(free);
                return;
            }

            if (free > leases.Count)
            {
                slots.Release(free - leases.Count);
            }

            foreach (var lease in leases)
            {
                Start(lease, null, slots, running, committer);
            }

            if (leases.Count == 0)
            {
                try
                {
                    // Idle: ask again after the poll interval, or at once when this worker's own commit released work.
                    await Task.WhenAny(Task.Delay(_options.PollInterval, _time, stoppingToken), Volatile.Read(ref _wake).Task).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Runs a leased task on the thread pool, holding one of <paramref name="slots"/> (taken by the caller) until its
    /// completion is handed to the committer, which then owns the slot. <paramref name="known"/>: awaited tasks of the
    /// run whose final state and receipt this worker committed itself, so they need not be read back.
    /// </summary>
    private void Start(TaskLease lease, IReadOnlyDictionary<Cid, AwaitedTask>? known, SemaphoreSlim slots, ConcurrentDictionary<Task, byte> running, CompletionBatcher committer, bool claimUnsynced = false)
    {
        var held = Hold(lease, claimUnsynced);
        var work = Task.Run(() => WorkAsync(held, known, slots, committer), CancellationToken.None);
        running[work] = 0;
        _ = work.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private Held Hold(TaskLease lease, bool claimUnsynced)
    {
        var held = new Held(lease, claimUnsynced);
        _held[(lease.RunId, lease.Index)] = held;
        return held;
    }

    /// <summary>
    /// Runs <paramref name="held"/>, commits it, and goes on with a dependent that the commit handed to it, if any:
    /// a chain runs as one loop on one thread, with no hand-off between steps but the database round trip.
    /// </summary>
    private async Task WorkAsync(Held held, IReadOnlyDictionary<Cid, AwaitedTask>? known, SemaphoreSlim slots, CompletionBatcher committer)
    {
        while (true)
        {
            var lease = held.Lease;
            var holdsSlot = true;
            CompletionBatcher.HandedOver? next = null;
            try
            {
                var completion = await ExecuteAsync(lease, known, held.ClaimUnsynced, held.Cancel.Token).ConfigureAwait(false);
                if (completion is not null && !held.Cancel.IsCancellationRequested)
                {
                    holdsSlot = false;
                    (var outcome, next) = await committer.CommitAsync(completion).ConfigureAwait(false);
                    if (outcome is null)
                    {
                        return;
                    }

                    if (outcome.Accepted)
                    {
                        Interlocked.Increment(ref _completed);
                    }
                    else
                    {
                        Interlocked.Increment(ref _fenced);
                        Log.CompletionFenced(_logger, Info.Id, lease.RunId, lease.Index);
                    }
                }
            }
            catch (Exception e)
            {
                // Not committed: the lease expires and another worker (or this one) takes the task again.
                Log.WorkerTaskFailed(_logger, Info.Id, lease.RunId, lease.Index, lease.InstructionCid, e);
            }
            finally
            {
                _held.TryRemove((lease.RunId, lease.Index), out _);
                held.Cancel.Dispose();
                if (holdsSlot)
                {
                    slots.Release();
                }
            }

            if (next is null)
            {
                return;
            }

            // The handed-over lease came with one of the batch's slots, and is already registered for heartbeats.
            (held, known) = (next.Held, next.Known);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, stop).ConfigureAwait(false);
                var held = _held.Values.Select(h => h.Lease).ToArray();
                var lost = await _queue.HeartbeatAsync(Info.Id, held, _options.LeaseDuration, stop).ConfigureAwait(false);
                foreach (var lease in lost)
                {
                    if (_held.TryGetValue((lease.RunId, lease.Index), out var h) && h.Lease.Epoch == lease.Epoch)
                    {
                        Log.LeaseLost(_logger, Info.Id, lease.RunId, lease.Index);
                        h.Abandon();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A missed heartbeat is survivable; the next one extends the leases if they have not expired yet.
                Log.QueueFailed(_logger, Info.Id, "heartbeat", _options.HeartbeatInterval.TotalMilliseconds, e);
            }
        }
    }

    /// <summary>A lease in hand, with the token that abandons its work when the lease is lost.</summary>
    private sealed class Held(TaskLease lease, bool claimUnsynced = false)
    {
        public TaskLease Lease { get; } = lease;

        /// <summary>Claimed by a commit that did not wait for the disk; see <see cref="LeasedCompletion.Recomputable"/>.</summary>
        public bool ClaimUnsynced { get; } = claimUnsynced;

        public CancellationTokenSource Cancel { get; } = new();

        public void Abandon()
        {
            try
            {
                Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The work already ended.
            }
        }
    }
}
