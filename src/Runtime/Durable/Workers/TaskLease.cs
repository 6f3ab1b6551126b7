using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A claimed task: which one, and the epoch that proves the claim is still this worker's.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Index">The task's index in the run's workflow.</param>
/// <param name="InstructionCid">The instruction CID.</param>
/// <param name="WorkflowCid">The workflow block holding the task.</param>
/// <param name="Epoch">The fencing token: raised by every claim; a completion carrying an older one is rejected.</param>
/// <param name="Claims">How many times the task has been claimed, this claim included; above 1 a worker took it before and did not finish.</param>
/// <param name="RetryInterruptedEffects">The run asks for effectful tasks interrupted mid-effect to be run again (with the same idempotency key).</param>
public sealed record TaskLease(string RunId, int Index, Cid InstructionCid, Cid WorkflowCid, long Epoch, int Claims, bool RetryInterruptedEffects)
{
    /// <summary>
    /// True when the queue made the memo look-up (a successful receipt for <see cref="InstructionCid"/>) in the
    /// claim's own transaction, with <see cref="Memo"/> as its answer, so the worker need not ask the store again.
    /// False: the worker looks the receipt up itself before it runs any task that is not pure.
    /// </summary>
    public bool MemoChecked { get; init; }

    /// <summary>The receipt the claim found for the instruction (checked against its CID), when <see cref="MemoChecked"/>; else null.</summary>
    public Receipt? Memo { get; init; }
}
