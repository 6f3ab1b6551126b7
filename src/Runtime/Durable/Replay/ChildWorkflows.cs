using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Replay;

/// <summary>What a context needs from its runtime to run child workflows.</summary>
internal interface IChildWorkflows
{
    /// <summary>The child run's invocation: its CID is known before the child starts.</summary>
    Instruction Invocation(string workflow, IpldValue arguments, string childRunId);

    /// <summary>Runs, resumes, or reads the recorded result of, the child run.</summary>
    Task<WorkflowRunResult> RunChildAsync(string workflow, IpldValue arguments, string childRunId, CancellationToken cancellationToken);
}
