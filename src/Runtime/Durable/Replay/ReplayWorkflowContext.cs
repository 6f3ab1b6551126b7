using Ipvm.Durable.Ipld;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable.Replay;

/// <summary>
/// The <see cref="WorkflowContext"/> of one execution of a workflow. Every call builds an IPVM instruction and
/// becomes a <see cref="PendingOperation"/> delivered by the <see cref="WorkflowExecutor"/> in issue order.
/// Nonces follow the effect class: pure calls have none (memoized across runs), idempotent calls carry the run
/// id (memoized within the run), effectful calls carry the run id and their position among the run's effectful
/// calls, checked against the run's <see cref="IWorkflowJournal"/> before anything starts.
/// </summary>
internal sealed partial class ReplayWorkflowContext : WorkflowContext
{
    private readonly WorkflowExecutor _executor;
    private readonly IRunHandle _run;
    private readonly IReceiptStore _receipts;
    private readonly IWorkflowJournal _journal;
    private readonly IReadOnlyDictionary<int, Cid> _recordedEffects;
    private readonly DecisionBoard _decisions;
    private readonly RunSignals _signals;
    private readonly IChildWorkflows _children;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellation;
    private readonly bool _fresh;
    private DateTimeOffset _now;
    private Random? _random;
    private int _effectPosition;
    private int _timerPosition;
    private int _guidPosition;

    public ReplayWorkflowContext(
        WorkflowExecutor executor,
        IRunHandle run,
        IReceiptStore receipts,
        IWorkflowJournal journal,
        IReadOnlyDictionary<int, Cid> recordedEffects,
        DecisionBoard decisions,
        RunSignals signals,
        IChildWorkflows children,
        DateTimeOffset startedAt,
        bool resuming,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellation)
    {
        _executor = executor;
        _run = run;
        _receipts = receipts;
        _journal = journal;
        _recordedEffects = recordedEffects;
        _decisions = decisions;
        _signals = signals;
        _children = children;
        _now = startedAt;
        _time = time;
        _cancellation = cancellation;
        IsReplayingNow = resuming;
        _fresh = !resuming;
        Logger = new ReplaySafeLogger(this, logger);
        executor.Delivering += operation =>
        {
            IsReplayingNow = operation.WasRecorded;
            DurableTelemetry.Calls.Add(1, new("kind", operation.Kind), new("replayed", operation.WasRecorded));
        };
    }

    public override string RunId => _run.RunId;

    /// <summary>The run's start time, moved forward by each timer as it fires: the same on every replay.</summary>
    public override DateTimeOffset UtcNow
    {
        get
        {
            EnsureInTurn(nameof(UtcNow));
            return _now;
        }
    }

    public override Random Random
    {
        get
        {
            EnsureInTurn(nameof(Random));
            return _random ??= new Random(DeterministicIds.RandomSeed(RunId));
        }
    }

    public override bool IsReplaying => IsReplayingNow;

    public override ILogger Logger { get; }

    internal bool IsReplayingNow { get; private set; }

    public override Guid NewGuid()
    {
        EnsureInTurn(nameof(NewGuid));
        return DeterministicIds.Guid(RunId, _guidPosition++);
    }

    public override TaskCall CallTask(TaskDescriptor task, IpldValue input) => CallTask(task, input, null);

    internal override TaskCall CallTask(TaskDescriptor task, IpldValue input, TaskMeta? meta)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(input);
        EnsureInTurn(task.Name);
        var position = task.EffectClass == EffectClass.Effectful ? _effectPosition++ : -1;
        var nonce = task.EffectClass switch
        {
            EffectClass.Pure => "",
            EffectClass.Idempotent => RunId,
            _ => $"{RunId}/effect/{position}",
        };
        var instruction = new Instruction(task.Resource, task.Op, IpldMap.Create(("args", input), ("func", task.Name)), new IpldString(nonce));
        var operation = new PendingOperation(task.Name, instruction.Cid);
        _executor.Track(operation);
        if (position >= 0 && _recordedEffects.TryGetValue(position, out var recorded) && recorded != instruction.Cid)
        {
            _executor.Fail(new ReplayDivergenceException(position, recorded, instruction.Cid, task.Name));
            return new TaskCall(instruction.Cid, operation.Task);
        }

        // A fresh run's idempotent and effectful calls carry its id in their nonces, so nothing has recorded them yet.
        var unrecorded = _fresh && task.EffectClass != EffectClass.Pure;
        _ = SubmitAsync(operation, new WorkflowTask(instruction, meta), unrecorded, position >= 0 && !_recordedEffects.ContainsKey(position) ? position : -1);
        return new TaskCall(instruction.Cid, operation.Task);
    }

    private async Task SubmitAsync(PendingOperation operation, WorkflowTask task, bool unrecorded, int journalPosition)
    {
        try
        {
            if (journalPosition >= 0)
            {
                // Durable before the effect can start: a crash after this line is caught on replay.
                await _journal.RecordEffectAsync(RunId, journalPosition, task.InstructionCid, _cancellation).ConfigureAwait(false);
            }

            var submission = unrecorded && _run is RunScheduler scheduler
                ? scheduler.SubmitUnrecordedAsync(task, last: false, _cancellation)
                : _run.SubmitAsync(task, _cancellation);
            var recorded = submission.IsCompleted;
            operation.SetReceipt(await submission.ConfigureAwait(false), recorded);
        }
        catch (Exception e)
        {
            operation.SetError(e);
        }

        _executor.Signal();
    }

    private void EnsureInTurn(string member)
    {
        if (!_executor.IsInTurn)
        {
            throw new NonDeterminismException(
                $"The WorkflowContext was used ({member}) outside the workflow's own scheduler, on another thread: " +
                "workflow code must not use ConfigureAwait(false), Task.Run or other thread switches.");
        }
    }
}
