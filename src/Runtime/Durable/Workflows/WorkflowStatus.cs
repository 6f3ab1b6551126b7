namespace Ipvm.Durable;

/// <summary>A run's status and its calls, in the order the run made them.</summary>
/// <param name="Run">The run record.</param>
/// <param name="Calls">Each call's instruction, state, receipt, and whether it was replayed.</param>
public sealed record WorkflowStatus(RunRecord Run, IReadOnlyList<TaskRecord> Calls);
