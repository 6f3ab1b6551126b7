namespace Ipvm.Durable;

public sealed partial class WorkflowRuntime
{
    /// <summary>How a stopped run ended, from the store: its status, and its output when its receipt exists.</summary>
    internal async Task<WorkflowRunResult> ReadResultAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var invocation = await _journal.GetInvocationAsync(run.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"The run {run.RunId} is not a workflow run.");
        if (run.Status == RunStatus.Completed
            && await _engine.Store.FindReceiptAsync(invocation, cancellationToken).ConfigureAwait(false) is { } receipt)
        {
            return Finished(run.RunId, invocation, receipt, replayed: false);
        }

        return new WorkflowRunResult(run.RunId, run.Status, null, run.Error, invocation, Replayed: false);
    }
}
