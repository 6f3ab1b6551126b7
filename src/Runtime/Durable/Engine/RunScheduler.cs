using System.Threading.Channels;
using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable;

/// <summary>
/// The dataflow scheduler of one run: a task is queued the moment everything it awaits has a durable
/// receipt; a fixed number of workers take tasks from the queue. Tasks may be added while it runs.
/// This file holds the graph and the run's life cycle; execution and promise resolution are beside it.
/// </summary>
internal sealed partial class RunScheduler : IRunHandle
{
    private readonly Lock _gate = new();
    private readonly IDurableStore _store;
    private readonly OpRegistry _ops;
    private readonly DurableEngineOptions _options;
    private readonly RunOptions _runOptions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RetryPolicy _retries;
    private readonly Dictionary<Cid, RunNode> _byCid = [];
    private readonly List<RunNode> _nodes = [];
    // Ready tasks; null is an end marker, one per worker, written when the run closes (see Close).
    private readonly Channel<RunNode?> _ready = Channel.CreateUnbounded<RunNode?>();
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource<RunResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _commitSlots;
    private int _unfinished;
    private int _active;
    private bool _accepting = true;
    private bool _started;
    private bool _finishing;
    private bool _anyFailed;
    private (RunStatus Status, string Reason)? _stopState;
    private volatile bool _stopRequested;
    private Task[] _workers = [];
    private Task _poller = Task.CompletedTask;

    public RunScheduler(string runId, IDurableStore store, OpRegistry ops, DurableEngineOptions options, RunOptions runOptions, ILogger logger)
    {
        RunId = runId;
        _store = store;
        _ops = ops;
        _options = options;
        _runOptions = runOptions;
        _logger = logger;
        _time = options.TimeProvider;
        _retries = RetryPolicy.From(options);
        _commitSlots = new SemaphoreSlim(options.MaxPendingCommits, options.MaxPendingCommits);
    }

    public string RunId { get; }

    /// <summary>Why the run is stopping; set under the lock. Workers read <see cref="_stopRequested"/> without it between tasks.</summary>
    private (RunStatus Status, string Reason)? StopState
    {
        get => _stopState;
        set
        {
            _stopState = value;
            _stopRequested = value is not null;
        }
    }

    public Task<RunResult> Completion => _completion.Task;

    /// <summary>Starts the workers and the control poller.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            _workers = [.. Enumerable.Range(0, _options.MaxParallelism).Select(_ => Task.Run(WorkerAsync))];
        }

        if (_options.ControlPollInterval > TimeSpan.Zero)
        {
            _poller = PollRequestsAsync();
        }

        FinishIfDone();
    }

    /// <summary>Stops the run at once with <paramref name="status"/> (used when resume finds a reason to park).</summary>
    public void StopWith(RunStatus status, string reason)
    {
        lock (_gate)
        {
            StopState ??= (status, reason);
        }
    }

    /// <summary>
    /// Adds tasks (deduplicated by instruction CID). Awaits of instructions outside the run must already have
    /// a receipt in the store. <paramref name="preloaded"/> gives tasks already finished (in an earlier attempt, or
    /// replayed from receipts); <paramref name="memo"/> says what is known of the others' receipts, and <paramref name="last"/>
    /// closes submissions with this addition (as <see cref="CompleteSubmissions"/> would), so the commit that records
    /// the last of them can also end the run.
    /// </summary>
    public async ValueTask<RunNode[]> AddAsync(IReadOnlyList<WorkflowTask> tasks, IReadOnlyDictionary<int, (TaskRecord Record, Receipt Receipt)>? preloaded, CancellationToken cancellationToken, MemoCheck memo = MemoCheck.None, bool last = false)
    {
        var externals = await FindExternalsAsync(tasks, cancellationToken).ConfigureAwait(false);
        var added = new RunNode[tasks.Count];
        var ready = new List<RunNode>();
        lock (_gate)
        {
            if (!_accepting || _finishing)
            {
                throw new InvalidOperationException($"The run {RunId} accepts no more tasks.");
            }

            var fresh = new List<RunNode>(tasks.Count);
            _byCid.EnsureCapacity(_byCid.Count + tasks.Count);
            _nodes.EnsureCapacity(_nodes.Count + tasks.Count);
            for (var i = 0; i < tasks.Count; i++)
            {
                var cid = tasks[i].InstructionCid;
                if (_byCid.TryGetValue(cid, out var existing))
                {
                    added[i] = existing;
                    continue;
                }

                var node = new RunNode(_nodes.Count, tasks[i]);
                if (preloaded is not null && preloaded.TryGetValue(node.Index, out var done) && done.Record.InstructionCid == cid)
                {
                    node.State = done.Record.State;
                    node.Replayed = done.Record.Replayed;
                    node.Receipt = done.Receipt;
                    node.Attempts = done.Record.Attempts;
                    node.Duration = done.Record.Duration;
                }
                else
                {
                    node.Memo = memo;
                    _unfinished++;
                    fresh.Add(node);
                }

                _nodes.Add(node);
                _byCid.Add(cid, node);
                added[i] = node;
            }

            _accepting &= !last;

            foreach (var node in fresh)
            {
                foreach (var promise in node.Task.Run.Promises)
                {
                    if (_byCid.TryGetValue(promise.Cid, out var upstream))
                    {
                        if (!upstream.IsFinished)
                        {
                            node.PendingDependencies++;
                            (upstream.Dependents ??= []).Add(node);
                        }
                    }
                    else
                    {
                        (node.External ??= [])[promise.Cid] = externals![promise.Cid];
                    }
                }

                if (node.PendingDependencies == 0)
                {
                    ready.Add(node);
                }
            }
        }

        foreach (var node in ready)
        {
            _ready.Writer.TryWrite(node);
        }

        return added;
    }

    public ValueTask<Receipt> SubmitAsync(Instruction instruction, TaskMeta? meta = null, CancellationToken cancellationToken = default) =>
        SubmitAsync(new WorkflowTask(instruction, meta), cancellationToken);

    public ValueTask<Receipt> SubmitAsync(WorkflowTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (TryWaitForExisting(task, inline: false, out var existing))
        {
            return existing;
        }

        var lookup = _store.FindReceiptAsync(task.InstructionCid, cancellationToken);
        if (!lookup.IsCompletedSuccessfully)
        {
            return SubmitAfterLookupAsync(task, lookup.AsTask(), cancellationToken);
        }

        return lookup.Result is { } hit
            ? new ValueTask<Receipt>(AddReplayed(task, hit))
            : SubmitSlowAsync(task, MemoCheck.Missed, last: false, inline: false, cancellationToken);
    }

    /// <summary>
    /// Adds a task that cannot have a receipt yet, without the memo look-ups <see cref="SubmitAsync(WorkflowTask, CancellationToken)"/>
    /// makes: for a run created with no receipts, a task whose nonce names the run (an idempotent or effectful call of its
    /// workflow) has none until this run records it. The caller vouches for that.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="last">True to close submissions with it, as <see cref="CompleteSubmissions"/> would once it is added.</param>
    /// <param name="cancellationToken">Stops the wait, not the task.</param>
    /// <remarks>
    /// The caller's continuation runs inline on the thread that commits the task (<see cref="RunNode.InlineWaiters"/>):
    /// it must only hand the receipt on.
    /// </remarks>
    internal ValueTask<Receipt> SubmitUnrecordedAsync(WorkflowTask task, bool last, CancellationToken cancellationToken) =>
        TryWaitForExisting(task, inline: true, out var existing) ? existing : SubmitSlowAsync(task, MemoCheck.Unrecorded, last, inline: true, cancellationToken);

    /// <summary>True when the run already has the task (same instruction): <paramref name="wait"/> gives its receipt.</summary>
    private bool TryWaitForExisting(WorkflowTask task, bool inline, out ValueTask<Receipt> wait)
    {
        lock (_gate)
        {
            if (_byCid.TryGetValue(task.InstructionCid, out var existing))
            {
                wait = WaitForLocked(existing, inline);
                return true;
            }
        }

        wait = default;
        return false;
    }

    public void CompleteSubmissions()
    {
        lock (_gate)
        {
            _accepting = false;
        }

        FinishIfDone();
    }

    public void Pause() => Stop(RunStatus.Paused, "paused on request");

    /// <summary>Stops starting tasks and ends the scheduler once running ones are recorded, leaving the run running in the store.</summary>
    public void Suspend() => Stop(RunStatus.Running, "stopped with its host; it continues when a host starts again or on ipvm resume");

    /// <summary>After <see cref="Suspend"/>: cancels the tasks still running (they are not recorded).</summary>
    public void Abandon()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended and disposed.
        }
    }

    public void Cancel()
    {
        Stop(RunStatus.Cancelled, "cancelled on request");
        _cancel.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completion.Task.IsCompleted)
        {
            Cancel();
            await _completion.Task.ConfigureAwait(false);
        }

        // Stop the poller before the caller disposes the store it reads (its wait ends inline, without a thread hop).
        _cancel.Cancel();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        await _poller.ConfigureAwait(false);
        _cancel.Dispose();
        _commitSlots.Dispose();
    }

    private async ValueTask<Receipt> SubmitAfterLookupAsync(WorkflowTask task, Task<Receipt?> lookup, CancellationToken cancellationToken) =>
        await lookup.ConfigureAwait(false) is { } hit
            ? AddReplayed(task, hit)
            : await SubmitSlowAsync(task, MemoCheck.Missed, last: false, inline: false, cancellationToken).ConfigureAwait(false);

    private async ValueTask<Receipt> SubmitSlowAsync(WorkflowTask task, MemoCheck memo, bool last, bool inline, CancellationToken cancellationToken)
    {
        var node = (await AddAsync([task], null, cancellationToken, memo, last).ConfigureAwait(false))[0];
        ValueTask<Receipt> wait;
        lock (_gate)
        {
            wait = WaitForLocked(node, inline);
        }

        return await wait.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private Receipt AddReplayed(WorkflowTask task, Receipt hit)
    {
        RunNode node;
        lock (_gate)
        {
            // Added meanwhile (another branch, while the look-up was under way): the receipt found answers it too.
            if (_byCid.TryGetValue(task.InstructionCid, out var existing))
            {
                return existing.Receipt ?? hit;
            }

            if (!_accepting || _finishing)
            {
                throw new InvalidOperationException($"The run {RunId} accepts no more tasks.");
            }

            node = new RunNode(_nodes.Count, task) { State = hit.Out.IsOk ? TaskState.Succeeded : TaskState.Failed, Replayed = true, Receipt = hit };
            _nodes.Add(node);
            _byCid.Add(task.InstructionCid, node);
        }

        // Derivable: the record follows from the receipt just read, so the workflow's turn never waits on an fsync for it.
        var commit = _store.CompleteTasksAsync(RunId, [new TaskCompletion(node.ToRecord(), hit, Derivable: true)]);
        if (!commit.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(commit);
        }

        Raise(node, TaskState.Succeeded);
        return hit;
    }

    private async Task ObserveAsync(ValueTask commit)
    {
        try
        {
            await commit.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.StoreFailed(_logger, RunId, e);
        }
    }

    private static ValueTask<Receipt> WaitForLocked(RunNode node, bool inline)
    {
        if (node.IsFinished)
        {
            return node.Receipt is { } receipt
                ? new ValueTask<Receipt>(receipt)
                : ValueTask.FromException<Receipt>(node.Skipped());
        }

        return node.Wait(inline);
    }

    private async ValueTask<Dictionary<Cid, Receipt>?> FindExternalsAsync(IReadOnlyList<WorkflowTask> tasks, CancellationToken cancellationToken)
    {
        Dictionary<Cid, Receipt>? externals = null;
        HashSet<Cid>? batch = null;
        for (var i = 0; i < tasks.Count; i++)
        {
            foreach (var promise in tasks[i].Run.Promises)
            {
                batch ??= [.. tasks.Select(t => t.InstructionCid)];
                bool inRun;
                lock (_gate)
                {
                    inRun = _byCid.ContainsKey(promise.Cid);
                }

                if (inRun || batch.Contains(promise.Cid) || externals?.ContainsKey(promise.Cid) == true)
                {
                    continue;
                }

                var receipt = await _store.FindReceiptAsync(promise.Cid, cancellationToken).ConfigureAwait(false)
                    ?? throw new WorkflowValidationException(i, tasks[i].InstructionCid, $"unresolved await: {Promise.KeyOf(promise.Selector)} {promise.Cid} names no task in this run and no receipt in the store");
                (externals ??= [])[promise.Cid] = receipt;
            }
        }

        return externals;
    }

    private void Stop(RunStatus status, string reason)
    {
        lock (_gate)
        {
            if (StopState is null || status == RunStatus.Cancelled)
            {
                StopState = (status, reason);
            }
        }

        FinishIfDone();
    }

    private async Task PollRequestsAsync()
    {
        try
        {
            while (!_completion.Task.IsCompleted)
            {
                // Ending the run cancels the wait: no exception for that, since almost every run ends before its first poll.
                await Task.Delay(_options.ControlPollInterval, _time, _cancel.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (_cancel.IsCancellationRequested)
                {
                    return;
                }

                var run = await _store.GetRunAsync(RunId).ConfigureAwait(false);
                switch (run?.Request)
                {
                    case RunRequest.Pause:
                        Pause();
                        break;
                    case RunRequest.Cancel:
                        Cancel();
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Reports a task that was finished when it was added (replayed from a receipt found at start).</summary>
    public void RaiseFinished(RunNode node) => Raise(node, node.State);

    private void Raise(RunNode node, TaskState state)
    {
        if (_runOptions.OnTaskEvent is { } callback)
        {
            callback(new TaskEvent(RunId, node.Index, node.Task, state, node.Replayed, node.Duration));
        }
    }
}
