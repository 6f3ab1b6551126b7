using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A runnable task that no live worker can run, and what it needs.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Index">The task's index.</param>
/// <param name="InstructionCid">The instruction CID.</param>
/// <param name="Op">The op a worker needs a handler for.</param>
/// <param name="Labels">The labels a worker needs.</param>
public sealed record WaitingTask(string RunId, int Index, Cid InstructionCid, string Op, IReadOnlyList<string> Labels)
{
    /// <summary>One line for people: what the task waits for.</summary>
    public override string ToString() =>
        $"task {Index} of run {RunId} waits for a worker with op '{Op}'" + (Labels.Count == 0 ? string.Empty : $" and labels [{string.Join(", ", Labels)}]");
}
