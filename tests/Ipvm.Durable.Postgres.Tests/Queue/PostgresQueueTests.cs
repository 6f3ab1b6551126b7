using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Testing;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>The queue on a real PostgreSQL: duplicate submission, matchmaking, waiting tasks, fencing, effects in doubt.</summary>
public sealed class PostgresQueueTests
{
    private readonly ConcurrentDictionary<Cid, int> _executions = new();
    private readonly ConcurrentDictionary<Cid, string> _ranOn = new();

    [PostgresFact]
    public async Task Concurrent_duplicate_submissions_from_separate_hosts_share_one_run_that_executes_once()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var workflow = Chains(60, "duplicate");
        var hosts = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(_ => QueueDatabase.OpenAsync(connectionString)));

        var submitted = await System.Threading.Tasks.Task.WhenAll(hosts.Select(h => WorkSubmission.SubmitAsync(h, h.WorkQueue, workflow)));
        var run = await QueueDatabase.RunUntilFinishedAsync(submitted[0].RunId, Worker(store, "a"), Worker(store, "b"));

        Assert.Single(submitted.Select(s => s.RunId).Distinct());
        Assert.Single(submitted, s => s.Created);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Single(await store.ListRunsAsync());
        Assert.Equal(workflow.Tasks.Count, _executions.Count);
        Assert.All(_executions.Values, n => Assert.Equal(1, n));
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_resubmitted_finished_workflow_is_a_new_run_completed_at_once_from_its_receipts()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var workflow = Chains(8, "again");
        var first = await WorkSubmission.SubmitAsync(store, store.WorkQueue, workflow);
        await QueueDatabase.RunUntilFinishedAsync(first.RunId, Worker(store, "a"));

        var second = await WorkSubmission.SubmitAsync(store, store.WorkQueue, workflow);

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(second.RunId))!.Status);
        Assert.All(await store.GetTasksAsync(second.RunId), t => Assert.True(t.Replayed));
        Assert.All(_executions.Values, n => Assert.Equal(1, n));
    }

    [PostgresFact]
    public async Task A_task_asking_for_a_label_always_runs_on_the_one_worker_that_has_it()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var labelled = Enumerable.Range(0, 30).Select(i => Labelled(Task("test/add", "gpu", TaskMeta.Empty, i), "gpu")).ToArray();
        var workflow = new Workflow(Enumerable.Range(0, 90).Select(i => Task("test/add", "plain", TaskMeta.Empty, i)).Concat(labelled));
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, workflow);

        var run = await QueueDatabase.RunUntilFinishedAsync(submitted.RunId, Worker(store, "plain"), Worker(store, "gpu", "gpu"));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.All(labelled, t => Assert.Equal("gpu", _ranOn[t.InstructionCid]));
        Assert.Contains("plain", _ranOn.Values);
    }

    [PostgresFact]
    public async Task With_no_capable_live_worker_a_task_is_reported_waiting_with_the_op_and_labels_it_needs()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var task = Labelled(Task("test/add", "eu", TaskMeta.Empty, 1), "gpu", "region=eu");
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([task]));
        await store.WorkQueue.RegisterAsync(Worker(store, "plain", "gpu").Info);

        var waiting = Assert.Single(await store.WorkQueue.FindWaitingAsync(submitted.RunId, TimeSpan.FromMinutes(1)));
        await store.WorkQueue.RegisterAsync(Worker(store, "capable", "gpu", "region=eu").Info);

        Assert.Equal((submitted.RunId, 0, "test/add"), (waiting.RunId, waiting.Index, waiting.Op));
        Assert.Equal(["gpu", "region=eu"], waiting.Labels);
        Assert.Empty(await store.WorkQueue.FindWaitingAsync(submitted.RunId, TimeSpan.FromMinutes(1)));
    }

    [PostgresFact]
    public async Task A_task_whose_lease_expired_with_its_only_capable_worker_gone_is_reported_waiting_and_a_live_lease_is_not()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var tasks = Enumerable.Range(0, 3).Select(i => Labelled(Task("test/add", "gpu", TaskMeta.Empty, i), "gpu")).ToArray();
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow(tasks));
        var gpu = Worker(store, "gpu", "gpu").Info;
        await store.WorkQueue.RegisterAsync(gpu);
        Assert.Equal(2, (await store.WorkQueue.ClaimAsync(gpu, 2, TimeSpan.FromMinutes(1))).Count);
        await QueueDatabase.ExecuteAsync(connectionString, """
            UPDATE ipvm.workers SET heartbeat_at = now() - interval '1 hour';
            UPDATE ipvm.queue_tasks SET lease_expires = now() - interval '1 second' WHERE idx = 0;
            """);

        var waiting = await store.WorkQueue.FindWaitingAsync(submitted.RunId, TimeSpan.FromMinutes(1));

        Assert.Equal([0, 2], waiting.Select(w => w.Index));
        Assert.All(waiting, w => Assert.Equal(["gpu"], w.Labels));
        Assert.Equal([0, 2], (await store.WorkQueue.FindWaitingAsync(null, TimeSpan.FromMinutes(1))).Select(w => w.Index));
    }

    [PostgresFact]
    public async Task A_late_completion_after_the_lease_was_retaken_is_fenced_and_its_receipt_never_stored()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var task = Task("test/add", "fenced", TaskMeta.Empty, 1, 2);
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([task]));
        var queue = store.WorkQueue;
        var stale = Assert.Single(await queue.ClaimAsync(Worker(store, "stalled").Info, 5, TimeSpan.FromMilliseconds(50)));
        await System.Threading.Tasks.Task.Delay(300);
        var current = Assert.Single(await queue.ClaimAsync(Worker(store, "alive").Info, 5, TimeSpan.FromMinutes(1)));
        var late = Receipt.For(task, TaskResult.Ok("computed by the stalled worker"));
        var right = Receipt.For(task, TaskResult.Ok(3));

        var fenced = Assert.Single(await queue.CompleteAsync([new LeasedCompletion(stale, TaskState.Succeeded, late, false, 1, TimeSpan.Zero, null)]));
        var accepted = Assert.Single(await queue.CompleteAsync([new LeasedCompletion(current, TaskState.Succeeded, right, false, 1, TimeSpan.Zero, null)]));
        var retried = Assert.Single(await queue.CompleteAsync([new LeasedCompletion(current, TaskState.Succeeded, right, false, 1, TimeSpan.Zero, null)]));
        var tooLate = Assert.Single(await queue.CompleteAsync([new LeasedCompletion(stale, TaskState.Succeeded, late, false, 1, TimeSpan.Zero, null)]));

        Assert.Equal(stale.Epoch + 1, current.Epoch);
        Assert.False(fenced.Accepted);
        Assert.Equal(new CompletionOutcome(true, RunStatus.Completed), accepted);
        Assert.Equal(new CompletionOutcome(true, null), retried);
        Assert.False(tooLate.Accepted);
        Assert.Null(await store.GetReceiptAsync(late.Cid));
        Assert.Equal(right.Cid, Assert.Single(await store.GetTasksAsync(submitted.RunId)).ReceiptCid);
        Assert.Equal(1L, await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM receipts"));
    }

    [PostgresFact]
    public async Task An_effectful_task_whose_worker_vanished_mid_effect_parks_the_run_until_resumed_with_retried_effects()
    {
        var (_, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var keys = new ConcurrentBag<string>();
        var ops = new OpRegistry().Register("test/send", EffectClass.Effectful, c =>
        {
            keys.Add(c.IdempotencyKey);
            return TaskResult.Ok("sent");
        });
        var send = Task("test/send", "mail");
        var submitted = await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow([send]), ops);
        Assert.Single(await store.WorkQueue.ClaimAsync(new WorkerInfo("vanished", "elsewhere", 1, ops.Ops, []), 1, TimeSpan.FromMilliseconds(50)));
        await System.Threading.Tasks.Task.Delay(300);

        var parked = await QueueDatabase.RunUntilFinishedAsync(submitted.RunId, new DurableWorker(store, store.WorkQueue, ops, QueueDatabase.Options("careful")));
        Assert.True(await store.WorkQueue.ResumeAsync(submitted.RunId, retryInterruptedEffects: true));
        var done = await QueueDatabase.RunUntilFinishedAsync(submitted.RunId, new DurableWorker(store, store.WorkQueue, ops, QueueDatabase.Options("after")));

        Assert.Equal(RunStatus.Parked, parked.Status);
        Assert.Contains("its effect may have happened", parked.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal($"{submitted.RunId}/{send.InstructionCid}", Assert.Single(keys));
    }

    private static WorkflowTask Labelled(WorkflowTask task, params string[] labels) =>
        new(task.Run, new TaskMeta(IpldMap.Create(("labels", IpldList.Create([.. labels.Select(l => (IpldValue)l)])))));

    /// <summary>Ten chains of <paramref name="count"/>/10 test/add tasks, each adding to the previous.</summary>
    private static Workflow Chains(int count, string salt)
    {
        var tasks = new List<WorkflowTask>();
        for (var i = 0; i < count; i++)
        {
            tasks.Add(i < 10 ? Task("test/add", "step", TaskMeta.Empty, salt, i) : Task("test/add", "step", TaskMeta.Empty, salt, Ok(tasks[i - 10]), 1));
        }

        return new Workflow(tasks);
    }

    private DurableWorker Worker(PostgresDurableStore store, string id, params string[] labels)
    {
        var ops = new OpRegistry().AddTestOps();
        ops.Register("test/add", EffectClass.Pure, c =>
        {
            _executions.AddOrUpdate(c.Task.InstructionCid, 1, (_, n) => n + 1);
            _ranOn[c.Task.InstructionCid] = id;
            Int128 sum = 0;
            foreach (var arg in ((IpldList)((IpldMap)c.Input)["args"]).Items)
            {
                sum += arg is IpldInteger n ? n.Value : 0;
            }

            return TaskResult.Ok(IpldInteger.From(sum));
        });
        return new DurableWorker(store, store.WorkQueue, ops, QueueDatabase.Options(id, labels));
    }
}
