namespace Ipvm.Durable;

/// <summary>
/// What a worker hands the store when a task finishes: the task's new record and, unless it was skipped,
/// its receipt. The store inserts the receipt if absent and writes the record in one transaction.
/// </summary>
/// <param name="Record">The task's progress.</param>
/// <param name="Receipt">The receipt (null for a skipped task).</param>
public sealed record TaskCompletion(TaskRecord Record, Receipt? Receipt);
