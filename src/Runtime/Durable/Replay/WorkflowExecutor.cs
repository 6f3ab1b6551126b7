namespace Ipvm.Durable.Replay;

/// <summary>
/// Runs workflow code deterministically. The code executes only in "turns" on one thread at a time, under a
/// <see cref="WorkflowSynchronizationContext"/>; between turns the executor waits for outcomes. Outcomes are
/// delivered in the order the operations were issued, never in the order they happen to arrive, and even a
/// recorded outcome (a memo hit) is delivered on the next turn rather than inline. So the interleaving of
/// concurrent branches, and with it every position counter, is the same on the first execution and on every
/// replay. (The price: a branch whose operation was issued later waits for earlier ones before it continues;
/// the operations themselves still run in parallel.)
/// </summary>
internal sealed class WorkflowExecutor : IDisposable
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _runnable = new();
    private readonly Queue<PendingOperation> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly WorkflowSynchronizationContext _context;
    private readonly Lock _gate = new();
    private Exception? _failure;
    private int _turnThread = -1;

    public WorkflowExecutor() => _context = new WorkflowSynchronizationContext(this);

    /// <summary>True on the thread running the current turn.</summary>
    public bool IsInTurn => Volatile.Read(ref _turnThread) == Environment.CurrentManagedThreadId;

    /// <summary>Raised on the turn just before an operation's outcome is handed to workflow code.</summary>
    public event Action<PendingOperation>? Delivering;

    /// <summary>Runs <paramref name="start"/> to completion, delivering outcomes turn by turn.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> start, CancellationToken cancellationToken)
    {
        Task<T> workflow;
        BeginTurn(out var previous);
        try
        {
            workflow = start();
            DrainRunnable();
        }
        finally
        {
            EndTurn(previous);
        }

        while (true)
        {
            ThrowIfFailed();
            if (workflow.IsCompleted)
            {
                return await workflow.ConfigureAwait(false);
            }

            if (DeliverReady(workflow))
            {
                continue;
            }

            if (_pending.Count == 0)
            {
                throw new NonDeterminismException(
                    $"The workflow is waiting for {AwaitDescriber.DescribeSuspended(workflow)}, which does not come from the WorkflowContext; " +
                    "replay cannot reproduce it. Call tasks, timers and events through the context.");
            }

            await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>Adds an operation in issue order; call only on a turn.</summary>
    public void Track(PendingOperation operation) => _pending.Enqueue(operation);

    /// <summary>Wakes the executor: an operation's outcome arrived (any thread).</summary>
    public void Signal() => _wake.Release();

    /// <summary>Stops the workflow with <paramref name="failure"/> at the end of the current turn or wait.</summary>
    public void Fail(Exception failure)
    {
        lock (_gate)
        {
            _failure ??= failure;
        }

        _wake.Release();
    }

    /// <summary>Queues a continuation posted to the workflow's context.</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        if (IsInTurn)
        {
            _runnable.Enqueue((callback, state));
            return;
        }

        Fail(new NonDeterminismException(
            $"{AwaitDescriber.DescribeContinuation(state)} completed outside the WorkflowContext (on another thread); " +
            "replay cannot reproduce it. Call tasks, timers and events through the context."));
    }

    private bool DeliverReady<T>(Task<T> workflow)
    {
        if (_pending.Count == 0 || !_pending.Peek().IsReady)
        {
            return false;
        }

        BeginTurn(out var previous);
        try
        {
            while (_pending.Count > 0 && _pending.Peek().IsReady && !workflow.IsCompleted && _failure is null)
            {
                var operation = _pending.Dequeue();
                Delivering?.Invoke(operation);
                operation.Deliver();
                DrainRunnable();
            }
        }
        finally
        {
            EndTurn(previous);
        }

        return true;
    }

    private void DrainRunnable()
    {
        while (_runnable.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }

    private void ThrowIfFailed()
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            }
        }
    }

    private void BeginTurn(out SynchronizationContext? previous)
    {
        previous = SynchronizationContext.Current;
        Volatile.Write(ref _turnThread, Environment.CurrentManagedThreadId);
        SynchronizationContext.SetSynchronizationContext(_context);
    }

    private void EndTurn(SynchronizationContext? previous)
    {
        SynchronizationContext.SetSynchronizationContext(previous);
        Volatile.Write(ref _turnThread, -1);
    }
}
