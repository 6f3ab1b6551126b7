namespace Ipvm.Durable;

/// <summary>What the queue made of one completion.</summary>
/// <param name="Accepted">False when the lease was fenced (another worker holds a newer epoch, or finished the task): nothing was written.</param>
/// <param name="RunFinished">The run's final status when this completion finished it (set exactly once), else null.</param>
public sealed record CompletionOutcome(bool Accepted, RunStatus? RunFinished);
