using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Replay;

internal sealed partial class ReplayWorkflowContext
{
    private int _childPosition;

    public override Task<IpldValue> CallWorkflowAsync(string workflow, IpldValue input)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflow);
        ArgumentNullException.ThrowIfNull(input);
        EnsureInTurn(nameof(CallWorkflowAsync));
        var childRunId = $"{RunId}.{_childPosition++}";
        var invocation = _children.Invocation(workflow, input, childRunId);
        var operation = new PendingOperation($"workflow '{workflow}'", invocation.Cid, "workflow");
        _executor.Track(operation);
        _ = RunChildAsync(operation, workflow, input, childRunId);
        return operation.Task;
    }

    private async Task RunChildAsync(PendingOperation operation, string workflow, IpldValue input, string childRunId)
    {
        try
        {
            var result = await _children.RunChildAsync(workflow, input, childRunId, _cancellation).ConfigureAwait(false);
            if (result.Status == RunStatus.Completed)
            {
                operation.SetValue(result.Output!, result.Replayed);
            }
            else
            {
                operation.SetError(new TaskFailedException(
                    $"workflow '{workflow}'", result.InvocationCid, new IpldString($"the child run {childRunId} ended {result.Status}: {result.Error}")));
            }
        }
        catch (Exception e)
        {
            operation.SetError(e);
        }

        _executor.Signal();
    }
}
