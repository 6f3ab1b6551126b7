namespace Ipvm.Durable;

/// <summary>What a worker reports for a leased task.</summary>
/// <param name="Lease">The lease the work was done under.</param>
/// <param name="State">Succeeded, Failed or Skipped; Pending hands the task back unfinished (with <paramref name="Park"/>: the run parks).</param>
/// <param name="Receipt">The receipt to insert if absent (null for a skipped or unfinished task).</param>
/// <param name="Replayed">True when the receipt already existed and the handler did not run.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Duration">Time spent in the handler.</param>
/// <param name="Park">Why the run must park (retries exhausted, an effect in doubt), or null.</param>
/// <param name="Recomputable">
/// True when losing this completion would only mean running the task again: a pure op's result. A queue may commit a
/// batch made only of such completions without waiting for it to reach disk (PostgreSQL: <c>synchronous_commit =
/// off</c> for that transaction); then the dependents it claims become durable with the worker's next
/// <see cref="IWorkQueue.HeartbeatAsync"/>, which the worker makes before it starts any of them that is not pure.
/// </param>
public sealed record LeasedCompletion(TaskLease Lease, TaskState State, Receipt? Receipt, bool Replayed, int Attempts, TimeSpan Duration, string? Park, bool Recomputable = false);
