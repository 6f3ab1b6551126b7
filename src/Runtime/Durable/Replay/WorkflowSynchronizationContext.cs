namespace Ipvm.Durable.Replay;

/// <summary>
/// The synchronization context workflow code runs under. Continuations posted from the executor's own turn are
/// queued for it; a post from anywhere else means workflow code awaited something that completed outside the
/// context (a timer thread, the thread pool, I/O), which replay cannot reproduce.
/// </summary>
internal sealed class WorkflowSynchronizationContext(WorkflowExecutor executor) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => executor.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Workflow code cannot block on a synchronous send.");

    public override SynchronizationContext CreateCopy() => this;
}
