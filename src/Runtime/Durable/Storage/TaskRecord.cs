using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A task's progress within a run, as stored.</summary>
/// <param name="Index">The task's index in the run (file order, or submission order).</param>
/// <param name="InstructionCid">The instruction CID.</param>
/// <param name="Name">The function name for display.</param>
/// <param name="State">The state.</param>
/// <param name="Replayed">True when the receipt already existed and the task did not run.</param>
/// <param name="ReceiptCid">The receipt, for Succeeded and Failed.</param>
/// <param name="Attempts">Attempts made in this run (0 when replayed or skipped).</param>
/// <param name="Duration">Time spent running (all attempts).</param>
public sealed record TaskRecord(
    int Index,
    Cid InstructionCid,
    string Name,
    TaskState State,
    bool Replayed,
    Cid? ReceiptCid,
    int Attempts,
    TimeSpan Duration);
