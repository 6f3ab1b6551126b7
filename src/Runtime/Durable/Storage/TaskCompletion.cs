namespace Ipvm.Durable;

/// <summary>
/// What a worker hands the store when a task finishes: the task's new record and, unless it was skipped,
/// its receipt. The store inserts the receipt if absent and writes the record in one transaction.
/// </summary>
/// <param name="Record">The task's progress.</param>
/// <param name="Receipt">The receipt to insert if absent: null for a skipped task, and for a replayed one whose receipt was read from the same store.</param>
/// <param name="Derivable">
/// True when the receipt follows from receipts already durable (<see cref="OpDefinition.Derivable"/>): a store
/// may commit a batch of only such completions without an fsync of its own, since a crash that loses it loses
/// nothing a resume cannot compute again without running any effect.
/// </param>
public sealed record TaskCompletion(TaskRecord Record, Receipt? Receipt, bool Derivable = false);
