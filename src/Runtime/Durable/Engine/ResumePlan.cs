using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// What a run start or resume finds before scheduling: tasks already finished in this run (kept as recorded),
/// tasks whose instruction has a successful receipt from anywhere (replayed: recorded now, never queued), and
/// an effectful task interrupted after it started. One batched memo look-up covers every task.
/// </summary>
internal sealed class ResumePlan
{
    private ResumePlan(Dictionary<int, (TaskRecord Record, Receipt Receipt)> done, List<TaskCompletion> replays, string? interrupted)
    {
        Done = done;
        Replays = replays;
        Interrupted = interrupted;
    }

    /// <summary>Finished tasks by index, with their records and receipts.</summary>
    public Dictionary<int, (TaskRecord Record, Receipt Receipt)> Done { get; }

    /// <summary>Records to write for tasks replayed now (their receipts are already in the store).</summary>
    public List<TaskCompletion> Replays { get; }

    /// <summary>Why the run must be parked, when an effectful task was interrupted.</summary>
    public string? Interrupted { get; }

    public static async ValueTask<ResumePlan> CreateAsync(IDurableStore store, string runId, Workflow workflow, bool fresh, bool retryInterruptedEffects, CancellationToken cancellationToken)
    {
        var tasks = workflow.Tasks;
        var cids = new Cid[tasks.Count];
        for (var i = 0; i < cids.Length; i++)
        {
            cids[i] = tasks[i].InstructionCid;
        }

        var found = await store.FindReceiptsAsync(cids, cancellationToken).ConfigureAwait(false);
        var records = fresh ? [] : await store.GetTasksAsync(runId, cancellationToken).ConfigureAwait(false);
        var done = new Dictionary<int, (TaskRecord, Receipt)>();
        string? interrupted = null;
        foreach (var record in records)
        {
            if (record.Index >= tasks.Count || record.InstructionCid != cids[record.Index])
            {
                continue;
            }

            found.TryGetValue(record.InstructionCid, out var hit);
            if (record.State == TaskState.Succeeded && record.ReceiptCid is { } receiptCid)
            {
                // Already recorded as succeeded in this run: keep the record, do not write it again.
                var receipt = hit is not null && hit.Cid == receiptCid
                    ? hit
                    : await store.GetReceiptAsync(receiptCid, cancellationToken).ConfigureAwait(false);
                if (receipt is not null)
                {
                    done[record.Index] = (record, receipt);
                }
            }
            else if (record.State == TaskState.Running && !retryInterruptedEffects && hit is null)
            {
                interrupted ??= $"task {record.Index} ({record.InstructionCid}) is effectful and was interrupted after it started; its effect may have happened. Check, then resume with RetryInterruptedEffects (ipvm resume --retry-effects)";
            }
        }

        var replays = new List<TaskCompletion>();
        if (found.Count > 0)
        {
            for (var i = 0; i < tasks.Count; i++)
            {
                if (!done.ContainsKey(i) && found.TryGetValue(cids[i], out var receipt))
                {
                    var record = new TaskRecord(i, cids[i], tasks[i].Run.DisplayName, TaskState.Succeeded, Replayed: true, receipt.Cid, 0, TimeSpan.Zero);
                    done[i] = (record, receipt);

                    // The receipt was just read from this store: only the record is new.
                    replays.Add(new TaskCompletion(record, null));
                }
            }
        }

        return new ResumePlan(done, replays, interrupted);
    }
}
