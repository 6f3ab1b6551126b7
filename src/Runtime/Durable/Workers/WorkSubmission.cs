using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Submits a workflow to a <see cref="IWorkQueue"/> without running anything: validates it, stores the workflow
/// block, looks up every task's memo receipt in one batch (those tasks are finished at submission), and records
/// one queue entry per task with its op, labels, effect class and count of unfinished dependencies.
/// </summary>
public static class WorkSubmission
{
    /// <summary>
    /// Submits <paramref name="workflow"/>; an unfinished run of the same workflow (same CID, so the same inputs) is
    /// shared rather than duplicated. <paramref name="ops"/>, when given, classifies tasks for status displays; the
    /// worker that runs a task classifies it with its own registry.
    /// </summary>
    public static async Task<SubmittedRun> SubmitAsync(
        IDurableStore store,
        IWorkQueue queue,
        Workflow workflow,
        OpRegistry? ops = null,
        bool retryInterruptedEffects = false,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(workflow);
        time ??= TimeProvider.System;
        await WorkflowValidator.ValidateAsync(
            workflow,
            async cid => await store.FindReceiptAsync(cid, cancellationToken).ConfigureAwait(false) is not null,
            cancellationToken).ConfigureAwait(false);
        var tasks = workflow.Tasks;
        var labels = new IReadOnlyList<string>[tasks.Count];
        var cids = new Cid[tasks.Count];
        var indexOf = new Dictionary<Cid, int>(tasks.Count);
        for (var i = 0; i < tasks.Count; i++)
        {
            cids[i] = tasks[i].InstructionCid;
            indexOf[cids[i]] = i;
            try
            {
                labels[i] = TaskLabels.Of(tasks[i].Meta);
            }
            catch (FormatException e)
            {
                throw new WorkflowValidationException(i, cids[i], e.Message);
            }
        }

        await store.PutBlockAsync(workflow.Cid, workflow.Block, cancellationToken).ConfigureAwait(false);
        var memo = await store.FindReceiptsAsync(cids, cancellationToken).ConfigureAwait(false);
        var dependents = new List<int>?[tasks.Count];
        var pending = new int[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            foreach (var awaited in tasks[i].Run.Promises.Select(p => p.Cid).Distinct())
            {
                if (indexOf.TryGetValue(awaited, out var upstream))
                {
                    (dependents[upstream] ??= []).Add(i);
                    pending[i] += memo.ContainsKey(awaited) ? 0 : 1;
                }
            }
        }

        var queued = new QueuedTask[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            var run = tasks[i].Run;
            EffectClass? effectClass = ops is not null && ops.TryGet(run.Op, out var op) ? op.EffectClassOf(run) : null;
            queued[i] = new QueuedTask(i, cids[i], run.DisplayName, run.Op, labels[i], effectClass, dependents[i] ?? [], pending[i], memo.GetValueOrDefault(cids[i]));
        }

        var record = new QueuedRun(RunIds.Create(time), workflow.Cid, workflow.Name, queued, retryInterruptedEffects, time.GetUtcNow());
        return await queue.SubmitAsync(record, cancellationToken).ConfigureAwait(false);
    }
}
