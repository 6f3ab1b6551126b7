namespace Ipvm.Durable;

/// <summary>What the queue made of a batch of completions, and the dependents it claimed for the worker.</summary>
/// <param name="Outcomes">One per completion, in order.</param>
/// <param name="Claimed">Dependents made runnable by these completions and leased to the worker (new epoch), to run next.</param>
/// <param name="MoreRunnable">True when the completions made dependents runnable that were not claimed here (over the limit, or for other workers).</param>
public sealed record CompletionResult(IReadOnlyList<CompletionOutcome> Outcomes, IReadOnlyList<TaskLease> Claimed, bool MoreRunnable);
