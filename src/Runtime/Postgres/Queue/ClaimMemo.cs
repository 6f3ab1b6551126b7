using Ipvm.Durable.Ipld;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// The memo look-up that a claim makes in its own statement, for every claimed task not submitted as pure: the first
/// successful receipt for its instruction, as <see cref="IReceiptStore.FindReceiptAsync"/> reads it. The worker then
/// needs no round trip of its own before it runs an idempotent or effectful task (see <see cref="TaskLease.MemoChecked"/>).
/// </summary>
/// <remarks>
/// Pure tasks (effect class 0 at submission) are not looked up: submission did, and the worker does not ask again.
/// A task submitted without a class is looked up, since the worker may classify it otherwise.
/// </remarks>
internal static class ClaimMemo
{
    /// <summary>
    /// Reads a claimed task: its lease from the seven columns from <paramref name="first"/> (run, idx, instruction,
    /// workflow, epoch, claims, retry_effects), as the claim and the completion's hand-over return them, with the
    /// look-up read at <paramref name="memo"/> (<see cref="Attach"/>).
    /// </summary>
    public static TaskLease Read(NpgsqlDataReader reader, int first, int memo) => Attach(
        new TaskLease(
            reader.GetString(first),
            reader.GetInt32(first + 1),
            Cid.FromBytes(reader.GetFieldValue<byte[]>(first + 2)),
            Cid.FromBytes(reader.GetFieldValue<byte[]>(first + 3)),
            reader.GetInt64(first + 4),
            reader.GetInt32(first + 5),
            reader.GetBoolean(first + 6)),
        reader,
        memo);

    /// <summary>
    /// Attaches the look-up read at <paramref name="ordinal"/> (checked flag, then receipt CID and bytes) to
    /// <paramref name="lease"/>. A receipt that does not verify leaves the lease unchecked, so the worker asks the
    /// store, which reports the corrupt row and goes on to the next receipt of the instruction.
    /// </summary>
    public static TaskLease Attach(TaskLease lease, NpgsqlDataReader reader, int ordinal)
    {
        if (!reader.GetBoolean(ordinal))
        {
            return lease;
        }

        if (reader.IsDBNull(ordinal + 1))
        {
            return lease with { MemoChecked = true };
        }

        var memo = Receipt.DecodeStored(reader.GetFieldValue<byte[]>(ordinal + 2), Cid.FromBytes(reader.GetFieldValue<byte[]>(ordinal + 1)), lease.InstructionCid, out _);
        return memo is null ? lease : lease with { MemoChecked = true, Memo = memo };
    }
}
