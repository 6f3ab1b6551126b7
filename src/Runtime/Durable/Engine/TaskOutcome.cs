namespace Ipvm.Durable;

/// <summary>One task's end state in a <see cref="RunResult"/>.</summary>
/// <param name="Index">The task's index.</param>
/// <param name="Task">The task.</param>
/// <param name="State">Its state (Pending when the run stopped before reaching it).</param>
/// <param name="Replayed">True when an existing receipt was used.</param>
/// <param name="Receipt">The receipt, for Succeeded and Failed.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Duration">Time spent running.</param>
public sealed record TaskOutcome(int Index, WorkflowTask Task, TaskState State, bool Replayed, Receipt? Receipt, int Attempts, TimeSpan Duration);
