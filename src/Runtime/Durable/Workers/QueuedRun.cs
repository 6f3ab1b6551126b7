using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A run as the queue stores it at submission (built by <see cref="WorkSubmission"/>).</summary>
/// <param name="RunId">The id to use if the run is created.</param>
/// <param name="WorkflowCid">The workflow block; unfinished runs are unique by it.</param>
/// <param name="Name">The workflow's name.</param>
/// <param name="Tasks">One entry per task, by index.</param>
/// <param name="RetryInterruptedEffects">Run effectful tasks again, with the same idempotency key, when their worker was lost mid-effect.</param>
/// <param name="CreatedAt">The submission time.</param>
public sealed record QueuedRun(string RunId, Cid WorkflowCid, string? Name, IReadOnlyList<QueuedTask> Tasks, bool RetryInterruptedEffects, DateTimeOffset CreatedAt);

/// <summary>One task of a <see cref="QueuedRun"/>.</summary>
/// <param name="Index">Its index in the workflow.</param>
/// <param name="InstructionCid">Its instruction CID.</param>
/// <param name="Name">The display name.</param>
/// <param name="Op">The op.</param>
/// <param name="Labels">The labels a worker must have (<c>meta.labels</c>).</param>
/// <param name="EffectClass">Its effect class as the submitter's registry knows it (null: op unknown there).</param>
/// <param name="Dependents">Indexes of the tasks awaiting it.</param>
/// <param name="PendingDependencies">How many awaited tasks of the run are unfinished; zero means runnable.</param>
/// <param name="Memo">A successful receipt found at submission: the task is finished already (replayed).</param>
public sealed record QueuedTask(int Index, Cid InstructionCid, string Name, string Op, IReadOnlyList<string> Labels, EffectClass? EffectClass, IReadOnlyList<int> Dependents, int PendingDependencies, Receipt? Memo);
