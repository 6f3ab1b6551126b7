namespace Ipvm.Durable;

/// <summary>How a run ended (or stopped).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">Completed, Failed, Parked, Paused or Cancelled.</param>
/// <param name="Error">Why it failed or was parked.</param>
/// <param name="Tasks">Every task, by index.</param>
public sealed record RunResult(string RunId, RunStatus Status, string? Error, IReadOnlyList<TaskOutcome> Tasks);
