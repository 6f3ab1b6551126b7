using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Replay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipvm.Durable;

/// <summary>
/// Runs <c>[Workflow]</c> methods on a <see cref="DurableEngine"/> by replay: every execution starts the method
/// from the top, completed calls come back from their receipts, and only what never ran is scheduled. It
/// registers the ops workflows need (<c>dotnet/run</c>, <c>workflow/timer</c>, <c>workflow/run</c>) in the
/// engine's registry.
/// </summary>
public sealed partial class WorkflowRuntime : IChildWorkflows
{
    /// <summary>The op of a workflow run's own instruction.</summary>
    public const string WorkflowOp = "workflow/run";

    private readonly DurableEngine _engine;
    private readonly DotnetTaskRegistry _tasks;
    private readonly IWorkflowJournal _journal;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _byName = new(StringComparer.Ordinal);
    private readonly DecisionBoard _decisions = new();
    private readonly RunSignals _signals = new();

    /// <summary>Creates the runtime and registers its ops in <paramref name="engine"/>'s registry.</summary>
    public WorkflowRuntime(DurableEngine engine, DotnetTaskRegistry tasks, IWorkflowJournal journal, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(journal);
        _engine = engine;
        _tasks = tasks;
        _journal = journal;
        _logger = logger ?? NullLogger.Instance;
        RegisterOps(engine.Ops);
    }

    /// <summary>The .NET tasks this runtime can run.</summary>
    public DotnetTaskRegistry Tasks => _tasks;

    /// <summary>Registers a workflow.</summary>
    public WorkflowRuntime AddWorkflow(WorkflowDefinition workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (!_byName.TryAdd(workflow.Name, workflow) && _byName[workflow.Name] != workflow)
        {
            throw new InvalidOperationException($"A workflow named '{workflow.Name}' is already registered.");
        }

        return this;
    }

    /// <summary>Runs <paramref name="workflow"/> with <paramref name="arguments"/> to its end (or until it parks).</summary>
    public async Task<WorkflowRunResult> RunAsync(string workflow, IpldValue arguments, string? runId = null, CancellationToken cancellationToken = default)
    {
        var started = await StartAsync(workflow, arguments, runId, cancellationToken).ConfigureAwait(false);
        return await started.ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the run durably (its record, its invocation block, its journal entry) and returns the task that
    /// executes it; once this returns, the run exists and can be paused, cancelled, resumed or given events.
    /// </summary>
    public async Task<Task<WorkflowRunResult>> StartAsync(string workflow, IpldValue arguments, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var definition = Definition(workflow);
        var id = runId ?? RunIds.Create(_engine.Options.TimeProvider);
        var invocation = Invocation(definition, arguments, id);
        if (definition.EffectClass == EffectClass.Pure
            && await _engine.Store.FindReceiptAsync(invocation.Cid, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return Task.FromResult(Finished(null, invocation.Cid, recorded, replayed: true));
        }

        var block = DagCbor.Encode(invocation.ToIpld());
        if (runId is not null && await _engine.Store.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            // A crash left this run created: record the invocation (the same one, or this throws) and resume it.
            await _engine.Store.PutBlockAsync(invocation.Cid, block, cancellationToken).ConfigureAwait(false);
            await _journal.SaveInvocationAsync(id, invocation.Cid, cancellationToken).ConfigureAwait(false);
            var (resumed, _) = await OpenRunAsync(id, new RunOptions { RunId = id }, cancellationToken).ConfigureAwait(false);
            return ExecuteAsync(definition, invocation, resumed, resuming: true, createdAt: null, cancellationToken);
        }

        // A new run: its invocation block, journal entry and run record in that order (one commit where the journal
        // shares the store's transactions). A crash after the journal entry leaves a run that ResumeAsync can finish.
        var now = _engine.Options.TimeProvider.GetUtcNow();
        await _journal.StartRunAsync(_engine.Store, new RunRecord(id, RunStatus.Running, null, null, now, now), invocation.Cid, block, cancellationToken).ConfigureAwait(false);
        var handle = _engine.StartCreatedDynamic(id, new RunOptions { RunId = id });
        return ExecuteAsync(definition, invocation, handle, resuming: false, createdAt: now, cancellationToken);
    }

    // Starts the run, or resumes it when a crash left it already created.
    private async Task<(IRunHandle Handle, bool Resuming)> OpenRunAsync(string runId, RunOptions options, CancellationToken cancellationToken) =>
        await _engine.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is null
            ? (await _engine.StartDynamicAsync(options, cancellationToken).ConfigureAwait(false), false)
            : (await _engine.ResumeAsync(runId, options, cancellationToken).ConfigureAwait(false), true);

    /// <summary>Raises an event for a run: the next <see cref="WorkflowContext.WaitForEvent{T}"/> of that name receives it.</summary>
    public async Task RaiseEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(payload);
        await _journal.AppendEventAsync(runId, name, payload, cancellationToken).ConfigureAwait(false);
        _signals.Pulse(runId);
    }

    /// <summary>
    /// Resumes a workflow run after a crash, restart or pause: its code re-runs from the top by replay. An effect
    /// that was interrupted after it started parks the run unless <paramref name="retryInterruptedEffects"/> is set
    /// (for effects whose handlers deduplicate by their idempotency key).
    /// </summary>
    public async Task<WorkflowRunResult> ResumeAsync(string runId, bool retryInterruptedEffects = false, CancellationToken cancellationToken = default)
    {
        var invocationCid = await _journal.GetInvocationAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"The run {runId} is not a workflow run.");
        var block = await _engine.Store.GetBlockAsync(invocationCid, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The invocation block {invocationCid} of run {runId} is missing or corrupt.");
        var run = InstructionOf(DagCbor.Decode(block, IpldDecodeLimits.Trusted));
        var definition = _byName.Values.FirstOrDefault(d => d.Resource == run.Resource)
            ?? throw new InvalidOperationException($"The run {runId} executes '{run.Resource}', which no registered workflow provides (its code may have changed version).");
        var (handle, _) = await OpenRunAsync(runId, new RunOptions { RunId = runId, RetryInterruptedEffects = retryInterruptedEffects }, cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(definition, run, handle, resuming: true, createdAt: null, cancellationToken).ConfigureAwait(false);
    }

    Instruction IChildWorkflows.Invocation(string workflow, IpldValue arguments, string childRunId) =>
        Invocation(Definition(workflow), arguments, childRunId);

    async Task<WorkflowRunResult> IChildWorkflows.RunChildAsync(string workflow, IpldValue arguments, string childRunId, CancellationToken cancellationToken)
    {
        var invocation = Invocation(Definition(workflow), arguments, childRunId);
        if (await _engine.Store.FindReceiptAsync(invocation.Cid, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return Finished(childRunId, invocation.Cid, recorded, replayed: true);
        }

        return await _journal.GetInvocationAsync(childRunId, cancellationToken).ConfigureAwait(false) is null
            ? await RunAsync(workflow, arguments, childRunId, cancellationToken).ConfigureAwait(false)
            : await ResumeAsync(childRunId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private WorkflowDefinition Definition(string workflow) =>
        _byName.TryGetValue(workflow, out var found)
            ? found
            : throw new KeyNotFoundException($"No workflow named '{workflow}' is registered (registered: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}).");

    private static Instruction Invocation(WorkflowDefinition definition, IpldValue arguments, string runId) => new(
        definition.Resource,
        WorkflowOp,
        IpldMap.Create(("args", arguments), ("func", definition.Name)),
        new IpldString(definition.EffectClass == EffectClass.Pure ? "" : runId));

    private static Instruction InstructionOf(IpldValue value)
    {
        var map = value.AsMap();
        return new Instruction(map["rsc"].AsString(), map["op"].AsString(), map["input"], map["nnc"]);
    }

    private static WorkflowRunResult Finished(string? runId, Cid invocation, Receipt receipt, bool replayed) =>
        receipt.Out.IsOk
            ? new WorkflowRunResult(runId, RunStatus.Completed, receipt.Out.Value, null, invocation, replayed)
            : new WorkflowRunResult(runId, RunStatus.Failed, null, receipt.Out.Describe(), invocation, replayed);
}
