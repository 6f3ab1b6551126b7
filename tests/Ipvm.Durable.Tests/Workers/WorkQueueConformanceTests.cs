using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests.Conformance;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Tests.Workers;

/// <summary>
/// What every <see cref="IWorkQueue"/> must do when a completion hands the dependents it makes runnable to the
/// committing worker (<see cref="IWorkQueue.CompleteAndClaimAsync"/>). Subclass it per queue with a factory.
/// </summary>
public abstract class WorkQueueConformanceTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>A new, empty store and the queue over it.</summary>
    protected abstract ValueTask<(IDurableStore Store, IWorkQueue Queue)> CreateAsync();

    [ConformanceFact]
    public async Task A_completion_hands_the_dependent_it_makes_runnable_to_the_committing_worker_under_a_new_epoch()
    {
        var (store, queue) = await CreateAsync();
        var first = Task("test/echo", "first");
        var second = Task("test/echo", Ok(first));
        var submitted = await WorkSubmission.SubmitAsync(store, queue, new Workflow([first, second]));
        var worker = Worker("w");
        var lease = Assert.Single(await queue.ClaimAsync(worker, 8, Minute));

        var result = await queue.CompleteAndClaimAsync([Done(lease, first)], new DependentClaim(worker, 1, Minute));

        Assert.True(Assert.Single(result.Outcomes).Accepted);
        var next = Assert.Single(result.Claimed);
        Assert.Equal((submitted.RunId, 1, second.InstructionCid, 1L, 1), (next.RunId, next.Index, next.InstructionCid, next.Epoch, next.Claims));
        Assert.False(result.MoreRunnable);
        Assert.Empty(await queue.ClaimAsync(Worker("other"), 8, Minute));
        Assert.Empty(await queue.HeartbeatAsync(worker.Id, [next], Minute));
        var last = await queue.CompleteAndClaimAsync([Done(next, second)], new DependentClaim(worker, 1, Minute));
        Assert.Equal(new CompletionOutcome(true, RunStatus.Completed), Assert.Single(last.Outcomes));
        Assert.Empty(last.Claimed);
        Assert.Equal(2, (await store.GetTasksAsync(submitted.RunId)).Count(t => t.State == TaskState.Succeeded));
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task A_fenced_completion_releases_nothing_and_hands_nothing_over()
    {
        var (store, queue) = await CreateAsync();
        var first = Task("test/echo", "fenced");
        var second = Task("test/echo", Ok(first));
        await WorkSubmission.SubmitAsync(store, queue, new Workflow([first, second]));
        var stalled = Worker("stalled");
        var stale = Assert.Single(await queue.ClaimAsync(stalled, 8, TimeSpan.FromMilliseconds(50)));
        await System.Threading.Tasks.Task.Delay(300);
        var alive = Worker("alive");
        var current = Assert.Single(await queue.ClaimAsync(alive, 8, Minute));

        var late = await queue.CompleteAndClaimAsync([Done(stale, first)], new DependentClaim(stalled, 8, Minute));

        Assert.False(Assert.Single(late.Outcomes).Accepted);
        Assert.Empty(late.Claimed);
        Assert.False(late.MoreRunnable);
        Assert.Empty(await queue.ClaimAsync(stalled, 8, Minute));
        var accepted = await queue.CompleteAndClaimAsync([Done(current, first)], new DependentClaim(alive, 8, Minute));
        Assert.Equal(1, Assert.Single(accepted.Claimed).Index);
        var again = await queue.CompleteAndClaimAsync([Done(stale, first)], new DependentClaim(stalled, 8, Minute));
        Assert.False(Assert.Single(again.Outcomes).Accepted);
        Assert.Empty(again.Claimed);
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task Handed_over_dependents_respect_the_workers_ops_labels_and_limit()
    {
        var (store, queue) = await CreateAsync();
        var root = Task("test/echo", "root");
        var gpu = new WorkflowTask(Task("test/echo", Ok(root), "gpu").Run, new TaskMeta(IpldMap.Create(("labels", IpldList.Create(["gpu"])))));
        var other = Task("test/other", Ok(root));
        var a = Task("test/echo", Ok(root), "a");
        var b = Task("test/echo", Ok(root), "b");
        await WorkSubmission.SubmitAsync(store, queue, new Workflow([root, gpu, other, a, b]));
        var plain = Worker("plain");
        var lease = Assert.Single(await queue.ClaimAsync(plain, 8, Minute));

        var result = await queue.CompleteAndClaimAsync([Done(lease, root)], new DependentClaim(plain, 1, Minute));

        Assert.Equal(3, Assert.Single(result.Claimed).Index);
        Assert.True(result.MoreRunnable);
        Assert.Equal(4, Assert.Single(await queue.ClaimAsync(plain, 8, Minute)).Index);
        Assert.Equal(1, Assert.Single(await queue.ClaimAsync(Worker("gpu", "gpu"), 8, Minute)).Index);
        Assert.Equal(2, Assert.Single(await queue.ClaimAsync(new WorkerInfo("others", "host", 1, ["test/other"], []), 8, Minute)).Index);
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task A_dependent_awaiting_two_tasks_is_handed_over_only_by_the_completion_that_releases_its_last()
    {
        var (store, queue) = await CreateAsync();
        var left = Task("test/echo", "left");
        var right = Task("test/echo", "right");
        var join = Task("test/echo", Ok(left), Ok(right));
        await WorkSubmission.SubmitAsync(store, queue, new Workflow([left, right, join]));
        var worker = Worker("w");
        var leases = await queue.ClaimAsync(worker, 8, Minute);

        var one = await queue.CompleteAndClaimAsync([Done(leases[0], left)], new DependentClaim(worker, 8, Minute));
        var two = await queue.CompleteAndClaimAsync([Done(leases[1], right)], new DependentClaim(worker, 8, Minute));

        Assert.Equal(2, leases.Count);
        Assert.Empty(one.Claimed);
        Assert.False(one.MoreRunnable);
        Assert.Equal(2, Assert.Single(two.Claimed).Index);
        await store.DisposeAsync();
    }

    private static WorkerInfo Worker(string id, params string[] labels) => new(id, "host", 1, ["test/echo"], labels);

    private static LeasedCompletion Done(TaskLease lease, WorkflowTask task) =>
        new(lease, TaskState.Succeeded, Receipt.For(task, TaskResult.Ok("done")), false, 1, TimeSpan.Zero, null);
}

public sealed class InMemoryWorkQueueConformanceTests : WorkQueueConformanceTests
{
    protected override ValueTask<(IDurableStore Store, IWorkQueue Queue)> CreateAsync()
    {
        var store = new InMemoryDurableStore();
        return ValueTask.FromResult<(IDurableStore, IWorkQueue)>((store, new InMemoryWorkQueue(store)));
    }
}
