using Ipvm.Durable.Postgres.Tests.Fixture;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>
/// Claims and hand-overs bring the memo look-up of tasks that are not pure, read in their own transaction, so a
/// worker needs no round trip before it runs them; a receipt recorded after submission (another run of the same
/// instruction, as workflow files with shared nonces make) is still found.
/// </summary>
public sealed class ClaimMemoTests
{
    private static readonly OpRegistry Ops = new OpRegistry()
        .Register("test/put", EffectClass.Idempotent, _ => TaskResult.Ok("put here"))
        .Register("test/pure", EffectClass.Pure, _ => TaskResult.Ok("computed here"));

    [PostgresFact]
    public async Task A_claim_brings_the_receipt_recorded_after_submission_for_an_idempotent_task()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var put = Task("test/put", "shared-nonce");
        await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([put]), Ops);
        var recorded = Receipt.For(put, TaskResult.Ok("put by another run"));
        await store.PutReceiptAsync(recorded);

        var lease = Assert.Single(await store.WorkQueue.ClaimAsync(Worker(), 4, TimeSpan.FromMinutes(1)));

        Assert.True(lease.MemoChecked);
        Assert.Equal(recorded.Cid, lease.Memo?.Cid);
    }

    [PostgresFact]
    public async Task A_claim_without_a_receipt_says_it_looked_and_a_pure_task_is_not_looked_up()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var put = Task("test/put", "nothing recorded");
        var pure = Task("test/pure", "recorded after submission");
        await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([put, pure]), Ops);
        await store.PutReceiptAsync(Receipt.For(pure, TaskResult.Ok("elsewhere")));

        var leases = await store.WorkQueue.ClaimAsync(Worker(), 4, TimeSpan.FromMinutes(1));

        var idempotent = leases.Single(l => l.Index == 0);
        Assert.True(idempotent.MemoChecked);
        Assert.Null(idempotent.Memo);
        var notLooked = leases.Single(l => l.Index == 1);
        Assert.False(notLooked.MemoChecked);
        Assert.Null(notLooked.Memo);
    }

    [PostgresFact]
    public async Task A_dependent_handed_over_by_a_completion_brings_its_receipt()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var first = Task("test/put", "first");
        var second = Task("test/put", Ok(first));
        await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([first, second]), Ops);
        var lease = Assert.Single(await store.WorkQueue.ClaimAsync(Worker(), 4, TimeSpan.FromMinutes(1)));
        var recorded = Receipt.For(second, TaskResult.Ok("put by another run"));
        await store.PutReceiptAsync(recorded);
        var done = new LeasedCompletion(lease, TaskState.Succeeded, Receipt.For(first, TaskResult.Ok("put here")), false, 1, TimeSpan.Zero, null);

        var result = await store.WorkQueue.CompleteAndClaimAsync([done], new DependentClaim(Worker(), 4, TimeSpan.FromMinutes(1)));

        var next = Assert.Single(result.Claimed);
        Assert.Equal(1, next.Index);
        Assert.True(next.MemoChecked);
        Assert.Equal(recorded.Cid, next.Memo?.Cid);
    }

    [PostgresFact]
    public async Task A_corrupt_receipt_leaves_the_look_up_to_the_worker()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var put = Task("test/put", "corrupt");
        await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([put]), Ops);
        await store.PutReceiptAsync(Receipt.For(put, TaskResult.Ok("put by another run")));
        await QueueDatabase.ExecuteAsync(connectionString, "UPDATE ipvm.receipts SET data = '\\x00'::bytea");

        var lease = Assert.Single(await store.WorkQueue.ClaimAsync(Worker(), 4, TimeSpan.FromMinutes(1)));

        Assert.False(lease.MemoChecked);
    }

    [PostgresFact]
    public async Task A_worker_adopts_the_receipt_its_claim_brought_and_does_not_run_the_task()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var ran = 0;
        var ops = new OpRegistry().Register("test/put", EffectClass.Idempotent, _ =>
        {
            Interlocked.Increment(ref ran);
            return TaskResult.Ok("put here");
        });
        var put = Task("test/put", "adopted");
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([put, Task("test/put", Ok(put))]), ops);
        var recorded = Receipt.For(put, TaskResult.Ok("put by another run"));
        await store.PutReceiptAsync(recorded);

        var run = await QueueDatabase.RunUntilFinishedAsync(submitted.RunId, new DurableWorker(store, store.WorkQueue, ops, QueueDatabase.Options("w")));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, ran);
        var adopted = (await store.GetTasksAsync(submitted.RunId)).Single(t => t.Index == 0);
        Assert.True(adopted.Replayed);
        Assert.Equal(recorded.Cid, adopted.ReceiptCid);
    }

    private static WorkerInfo Worker() => new("w", "host", 1, Ops.Ops, []);
}
