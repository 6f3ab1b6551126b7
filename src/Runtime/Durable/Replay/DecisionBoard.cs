using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Replay;

/// <summary>
/// Outcomes decided in this process (a workflow's result, which event a wait received) waiting to be written as
/// the receipt of their instruction. The op handler takes the outcome from here, so the receipt, and not this
/// board, is what makes the decision durable and the same on every replay.
/// </summary>
internal sealed class DecisionBoard
{
    private readonly ConcurrentDictionary<Cid, IpldValue> _outcomes = new();

    public void Post(Cid instruction, IpldValue outcome) => _outcomes[instruction] = outcome;

    public TaskResult Take(Cid instruction) =>
        _outcomes.TryRemove(instruction, out var outcome)
            ? TaskResult.Ok(outcome)
            : TaskResult.Error($"No outcome for {instruction} was decided in this process; resume the run to decide it again.");
}
