using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipvm.Durable;

/// <summary>
/// The durable engine: validates workflows, starts and resumes runs over a store and an op registry.
/// Each run gets its own dataflow scheduler; every task is looked up by instruction CID before it runs.
/// </summary>
public sealed class DurableEngine
{
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<RunScheduler, byte> _live = new();

    /// <summary>Creates an engine; throws when <paramref name="options"/> are out of bounds.</summary>
    public DurableEngine(IDurableStore store, OpRegistry ops, DurableEngineOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ops);
        Options = options ?? new DurableEngineOptions();
        Options.Validate();
        Store = store;
        Ops = ops;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The store.</summary>
    public IDurableStore Store { get; }

    /// <summary>The op registry.</summary>
    public OpRegistry Ops { get; }

    /// <summary>The settings.</summary>
    public DurableEngineOptions Options { get; }

    /// <summary>
    /// Throws <see cref="WorkflowValidationException"/> for a duplicate instruction, a cycle, an await that names
    /// nothing in the workflow or the store, or an op with no handler.
    /// </summary>
    public async ValueTask ValidateAsync(Workflow workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        await WorkflowValidator.ValidateAsync(
            workflow,
            async cid => await Store.FindReceiptAsync(cid, cancellationToken).ConfigureAwait(false) is not null,
            cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < workflow.Tasks.Count; i++)
        {
            var op = workflow.Tasks[i].Run.Op;
            if (!Ops.TryGet(op, out _))
            {
                throw new WorkflowValidationException(i, workflow.Tasks[i].InstructionCid, $"no handler is registered for op '{op}' (registered: {string.Join(", ", Ops.Ops)})");
            }
        }
    }

    /// <summary>Validates <paramref name="workflow"/>, stores it and records a pending run without starting it.</summary>
    public async Task<string> CreateRunAsync(Workflow workflow, string? runId = null, CancellationToken cancellationToken = default)
    {
        await ValidateAsync(workflow, cancellationToken).ConfigureAwait(false);
        await Store.PutBlockAsync(workflow.Cid, workflow.Block, cancellationToken).ConfigureAwait(false);
        var now = Options.TimeProvider.GetUtcNow();
        var id = runId ?? RunIds.Create(Options.TimeProvider);
        await Store.CreateRunAsync(new RunRecord(id, RunStatus.Pending, workflow.Cid, workflow.Name, now, now), cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Validates, stores and starts <paramref name="workflow"/>.</summary>
    public async Task<IRunHandle> StartAsync(Workflow workflow, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var id = await CreateRunAsync(workflow, options.RunId, cancellationToken).ConfigureAwait(false);

        // The run was created from this very workflow: use it rather than decoding the block just written (which
        // would rebuild every task and hash every instruction again).
        var run = await Store.GetRunAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The run {id} vanished from the store after it was created.");
        return await ResumeCoreAsync(run, workflow, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="workflow"/> to its end.</summary>
    public async Task<RunResult> RunAsync(Workflow workflow, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var handle = await StartAsync(workflow, options, cancellationToken).ConfigureAwait(false);
        await using (handle.ConfigureAwait(false))
        {
            return await handle.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts a run with no tasks yet; tasks arrive through <see cref="IRunHandle.SubmitAsync(WorkflowTask, CancellationToken)"/>
    /// and the run ends after <see cref="IRunHandle.CompleteSubmissions"/>.
    /// </summary>
    public async Task<IRunHandle> StartDynamicAsync(RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var now = Options.TimeProvider.GetUtcNow();
        var id = options.RunId ?? RunIds.Create(Options.TimeProvider);
        await Store.CreateRunAsync(new RunRecord(id, RunStatus.Running, null, null, now, now), cancellationToken).ConfigureAwait(false);
        return StartCreatedDynamic(id, options);
    }

    /// <summary>Starts a dynamic run whose record (running, no workflow block) the caller has just created.</summary>
    internal IRunHandle StartCreatedDynamic(string runId, RunOptions options)
    {
        var scheduler = new RunScheduler(runId, Store, Ops, Options, options, _logger);
        scheduler.Start();
        return Track(scheduler);
    }

    /// <summary>
    /// Continues a run that is pending, running (after a crash), paused, parked or failed: tasks with a
    /// successful receipt are not run again, the others are. Throws for completed and cancelled runs.
    /// </summary>
    public async Task<IRunHandle> ResumeAsync(string runId, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"There is no run '{runId}' in the store.");
        return await ResumeCoreAsync(run, null, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IRunHandle> ResumeCoreAsync(RunRecord run, Workflow? workflow, RunOptions options, CancellationToken cancellationToken)
    {
        var runId = run.RunId;
        if (run.Status is RunStatus.Completed or RunStatus.Cancelled)
        {
            throw new InvalidOperationException($"The run {runId} is {run.Status.ToString().ToLowerInvariant()} and cannot be resumed.");
        }

        if (run.Request != RunRequest.None)
        {
            await Store.SetRunRequestAsync(runId, RunRequest.None, cancellationToken).ConfigureAwait(false);
        }

        await Store.SetRunStatusAsync(runId, RunStatus.Running, null, Options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var scheduler = new RunScheduler(runId, Store, Ops, Options, options, _logger);
        if (run.WorkflowCid is null)
        {
            scheduler.Start();
            return Track(scheduler);
        }

        workflow ??= await LoadWorkflowAsync(run.WorkflowCid, cancellationToken).ConfigureAwait(false);
        var plan = await ResumePlan.CreateAsync(Store, runId, workflow, fresh: run.Status == RunStatus.Pending, options.RetryInterruptedEffects, cancellationToken).ConfigureAwait(false);
        if (plan.Interrupted is { } interrupted)
        {
            scheduler.StopWith(RunStatus.Parked, interrupted);
        }

        // Tasks replayed from receipts found by the batched look-up are recorded in one commit before anything runs.
        if (plan.Replays.Count > 0)
        {
            await Store.CompleteTasksAsync(runId, plan.Replays, cancellationToken).ConfigureAwait(false);
        }

        var nodes = await scheduler.AddAsync(workflow.Tasks, plan.Done, cancellationToken, MemoCheck.Missed).ConfigureAwait(false);
        foreach (var replay in plan.Replays)
        {
            scheduler.RaiseFinished(nodes[replay.Record.Index]);
        }

        scheduler.CompleteSubmissions();
        scheduler.Start();
        return Track(scheduler);
    }

    /// <summary>The ids of runs this engine started or resumed that have not ended.</summary>
    public IReadOnlyList<string> LiveRuns => [.. _live.Keys.Select(s => s.RunId)];

    /// <summary>
    /// Stops every live run of this engine for a shutdown without ending it: no new task starts, tasks already
    /// running finish and are recorded, and each run is left <see cref="RunStatus.Running"/> in the store so the next
    /// host (or <c>ipvm resume</c>) continues it. If <paramref name="cancellationToken"/> fires first, running
    /// tasks are cancelled and not recorded (an effectful one is then found interrupted on resume).
    /// </summary>
    public async Task SuspendRunsAsync(CancellationToken cancellationToken = default)
    {
        var runs = _live.Keys.ToArray();
        foreach (var run in runs)
        {
            run.Suspend();
        }

        Task all = Task.WhenAll(runs.Select(r => r.Completion));
        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            foreach (var run in runs)
            {
                run.Abandon();
            }

            await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            foreach (var run in runs)
            {
                _live.TryRemove(run, out _);
            }
        }
    }

    private RunScheduler Track(RunScheduler scheduler)
    {
        _live.TryAdd(scheduler, 0);
        _ = scheduler.Completion.ContinueWith(
            static (ended, state) =>
            {
                var (live, run) = ((ConcurrentDictionary<RunScheduler, byte>, RunScheduler))state!;
                live.TryRemove(run, out _);
            },
            (_live, scheduler),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return scheduler;
    }

    /// <summary>Loads a stored workflow block.</summary>
    public async Task<Workflow> LoadWorkflowAsync(Cid workflowCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowCid);
        var block = await Store.GetBlockAsync(workflowCid, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The workflow block {workflowCid} is missing from the store (or corrupt).");
        return WorkflowReader.FromIpld(DagCbor.Decode(block, IpldDecodeLimits.Trusted));
    }
}
