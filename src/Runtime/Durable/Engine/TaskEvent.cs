namespace Ipvm.Durable;

/// <summary>A task started or finished.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Index">The task's index.</param>
/// <param name="Task">The task.</param>
/// <param name="State">Running, Succeeded, Failed or Skipped.</param>
/// <param name="Replayed">True when an existing receipt was used.</param>
/// <param name="Duration">Time spent running.</param>
public sealed record TaskEvent(string RunId, int Index, WorkflowTask Task, TaskState State, bool Replayed, TimeSpan Duration);
