namespace Ipvm.Durable;

/// <summary>An awaited task's state in the run and, when it finished with one, its receipt.</summary>
public sealed record AwaitedTask(TaskState State, Receipt? Receipt);
