using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Checks a workflow before it runs: no instruction twice, no cycle, and every await names a task in the
/// workflow or an instruction that already has a receipt (looked up in the store).
/// </summary>
public static class WorkflowValidator
{
    /// <summary>Throws <see cref="WorkflowValidationException"/> for the first problem found.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="hasReceipt">True when an instruction CID outside the workflow already has a successful receipt.</param>
    /// <param name="cancellationToken">Cancels the store look-ups.</param>
    public static async ValueTask ValidateAsync(Workflow workflow, Func<Cid, ValueTask<bool>> hasReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(hasReceipt);
        var indexOf = IndexTasks(workflow);
        for (var i = 0; i < workflow.Tasks.Count; i++)
        {
            var task = workflow.Tasks[i];
            foreach (var promise in task.Run.Promises)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (promise.Cid == task.InstructionCid)
                {
                    throw new WorkflowValidationException(i, task.InstructionCid, "it awaits itself");
                }

                if (!indexOf.ContainsKey(promise.Cid) && !await hasReceipt(promise.Cid).ConfigureAwait(false))
                {
                    throw new WorkflowValidationException(
                        i,
                        task.InstructionCid,
                        $"unresolved await: {Promise.KeyOf(promise.Selector)} {promise.Cid} names no task in this workflow and no receipt in the store");
                }
            }
        }

        FindCycle(workflow, indexOf);
    }

    /// <summary>Validates without a store: every await must name a task in the workflow.</summary>
    public static void Validate(Workflow workflow) =>
        ValidateAsync(workflow, static _ => ValueTask.FromResult(false)).AsTask().GetAwaiter().GetResult();

    private static Dictionary<Cid, int> IndexTasks(Workflow workflow)
    {
        var indexOf = new Dictionary<Cid, int>(workflow.Tasks.Count);
        for (var i = 0; i < workflow.Tasks.Count; i++)
        {
            var cid = workflow.Tasks[i].InstructionCid;
            if (!indexOf.TryAdd(cid, i))
            {
                throw new WorkflowValidationException(i, cid, $"duplicate instruction: the same instruction is task {indexOf[cid]}");
            }
        }

        return indexOf;
    }

    private static void FindCycle(Workflow workflow, Dictionary<Cid, int> indexOf)
    {
        // Kahn's algorithm over in-workflow awaits; whatever is left over lies on or behind a cycle.
        var count = workflow.Tasks.Count;
        var pending = new int[count];
        var dependents = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            foreach (var promise in workflow.Tasks[i].Run.Promises)
            {
                if (indexOf.TryGetValue(promise.Cid, out var upstream))
                {
                    pending[i]++;
                    (dependents[upstream] ??= []).Add(i);
                }
            }
        }

        var ready = new Queue<int>();
        for (var i = 0; i < count; i++)
        {
            if (pending[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        var done = 0;
        while (ready.TryDequeue(out var i))
        {
            done++;
            foreach (var d in dependents[i] ?? [])
            {
                if (--pending[d] == 0)
                {
                    ready.Enqueue(d);
                }
            }
        }

        if (done < count)
        {
            var first = Array.FindIndex(pending, p => p > 0);
            throw new WorkflowValidationException(first, workflow.Tasks[first].InstructionCid, "it is part of a cycle of awaits");
        }
    }
}
