using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Tests.Workers;

/// <summary>The worker logic over the in-memory queue: dataflow, matchmaking, duplicate submission, fencing, effects in doubt.</summary>
public sealed class WorkerTests : IDisposable
{
    private static readonly TimeSpan Liveness = TimeSpan.FromMinutes(5);
    private readonly InMemoryDurableStore _store = new();
    private readonly InMemoryWorkQueue _queue;
    private readonly ConcurrentDictionary<string, ConcurrentBag<Cid>> _ranOn = new();

    public WorkerTests() => _queue = new InMemoryWorkQueue(_store);

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Two_workers_run_a_dataflow_to_the_same_receipts_as_the_in_process_engine()
    {
        var workflow = Diamonds(40);
        var expected = await new DurableEngine(new InMemoryDurableStore(), new OpRegistry().AddTestOps()).RunAsync(workflow);

        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, workflow);
        var run = await RunWorkersUntilAsync(submitted.RunId, Worker("a"), Worker("b"));

        Assert.Equal(RunStatus.Completed, run.Status);
        var tasks = await _store.GetTasksAsync(submitted.RunId);
        Assert.Equal(workflow.Tasks.Count, tasks.Count);
        foreach (var outcome in expected.Tasks)
        {
            Assert.Equal(outcome.Receipt!.Cid, tasks.Single(t => t.Index == outcome.Index).ReceiptCid);
        }
    }

    [Fact]
    public async Task A_failed_task_fails_its_awaiting_dependents_and_the_run()
    {
        var fail = Task("test/fail", "boom");
        var after = Task("test/echo", Ok(fail));
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([fail, after]));

        var run = await RunWorkersUntilAsync(submitted.RunId, Worker("a"));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.All(await _store.GetTasksAsync(submitted.RunId), t => Assert.Equal(TaskState.Failed, t.State));
    }

    [Fact]
    public async Task A_task_asking_for_a_label_runs_only_on_the_worker_that_has_it()
    {
        var gpu = new WorkflowTask(Task("test/echo", "on gpu").Run, new TaskMeta(IpldMap.Create(("labels", IpldList.Create(["gpu"])))));
        var workflow = new Workflow(Enumerable.Range(0, 20).Select(i => Task("test/echo", i)).Append(gpu));
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, workflow);

        await RunWorkersUntilAsync(submitted.RunId, Worker("plain"), Worker("gpu", "gpu"));

        Assert.Contains(gpu.InstructionCid, _ranOn["gpu"]);
        Assert.DoesNotContain(gpu.InstructionCid, _ranOn.GetValueOrDefault("plain") ?? []);
    }

    [Fact]
    public async Task A_task_no_live_worker_can_run_is_reported_as_waiting_with_what_it_needs()
    {
        var gpu = new WorkflowTask(Task("test/echo", "on gpu").Run, new TaskMeta(IpldMap.Create(("labels", IpldList.Create(["gpu", "region=eu"])))));
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([gpu]));
        await _queue.RegisterAsync(Worker("plain").Info);

        var waiting = Assert.Single(await _queue.FindWaitingAsync(submitted.RunId, Liveness));

        Assert.Equal("test/echo", waiting.Op);
        Assert.Equal(["gpu", "region=eu"], waiting.Labels);
        Assert.Contains("waits for a worker with op 'test/echo' and labels [gpu, region=eu]", waiting.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_labels_are_rejected_at_submission_naming_the_task()
    {
        var bad = new WorkflowTask(Task("test/echo", 1).Run, new TaskMeta(IpldMap.Create(("labels", "gpu"))));

        var error = await Assert.ThrowsAsync<WorkflowValidationException>(() => WorkSubmission.SubmitAsync(_store, _queue, new Workflow([bad])));

        Assert.Contains("meta.labels must be a list of strings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_duplicate_submissions_share_one_run()
    {
        var workflow = Independent(10, "test/echo");

        var all = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 8).Select(_ => WorkSubmission.SubmitAsync(_store, _queue, workflow)));

        Assert.Single(all.Select(s => s.RunId).Distinct());
        Assert.Single(all, s => s.Created);
        Assert.Single(await _store.ListRunsAsync());
    }

    [Fact]
    public async Task A_completion_under_an_expired_and_retaken_lease_is_fenced_and_writes_nothing()
    {
        var task = Task("test/echo", 7);
        await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([task]));
        var a = Worker("a").Info;
        var b = Worker("b").Info;
        var stale = Assert.Single(await _queue.ClaimAsync(a, 10, TimeSpan.FromMilliseconds(1)));
        await System.Threading.Tasks.Task.Delay(20);
        var current = Assert.Single(await _queue.ClaimAsync(b, 10, TimeSpan.FromMinutes(1)));

        var late = Receipt.For(task, TaskResult.Ok("late"));
        var fenced = Assert.Single(await _queue.CompleteAsync([new LeasedCompletion(stale, TaskState.Succeeded, late, false, 1, TimeSpan.Zero, null)]));
        var accepted = Assert.Single(await _queue.CompleteAsync([new LeasedCompletion(current, TaskState.Succeeded, Receipt.For(task, TaskResult.Ok(7)), false, 1, TimeSpan.Zero, null)]));

        Assert.Equal(current.Epoch, stale.Epoch + 1);
        Assert.False(fenced.Accepted);
        Assert.True(accepted.Accepted);
        Assert.Equal(RunStatus.Completed, accepted.RunFinished);
        Assert.Null(await _store.GetReceiptAsync(late.Cid));
    }

    [Fact]
    public async Task An_effectful_task_whose_worker_was_lost_parks_the_run_unless_interrupted_effects_are_retried()
    {
        var keys = new ConcurrentBag<string>();
        var ops = new OpRegistry().Register("test/send", EffectClass.Effectful, c =>
        {
            keys.Add(c.IdempotencyKey);
            return TaskResult.Ok("sent");
        });
        var send = Task("test/send", "mail");
        var submitted = await WorkSubmission.SubmitAsync(_store, _queue, new Workflow([send]), ops);
        var lost = new WorkerInfo("lost", "host", 1, ops.Ops, []);
        Assert.Single(await _queue.ClaimAsync(lost, 1, TimeSpan.FromMilliseconds(1)));
        await System.Threading.Tasks.Task.Delay(20);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var parked = await new DurableWorker(_store, _queue, ops, Options("careful")).RunUntilFinishedAsync(submitted.RunId, timeout.Token);

        Assert.Equal(RunStatus.Parked, parked.Status);
        Assert.Contains("effect may have happened", parked.Error, StringComparison.Ordinal);
        Assert.Empty(keys);

        Assert.True(await _queue.ResumeAsync(submitted.RunId, retryInterruptedEffects: true));
        var done = await new DurableWorker(_store, _queue, ops, Options("after")).RunUntilFinishedAsync(submitted.RunId, timeout.Token);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal($"{submitted.RunId}/{send.InstructionCid}", Assert.Single(keys));
    }

    [Fact]
    public void Worker_options_out_of_bounds_name_the_setting()
    {
        var options = new DurableWorkerOptions { LeaseDuration = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DurableWorker(_store, _queue, new OpRegistry(), options));

        Assert.Contains("DurableWorkerOptions.HeartbeatInterval", error.Message, StringComparison.Ordinal);
    }

    private static Workflow Diamonds(int count)
    {
        var tasks = new List<WorkflowTask>();
        for (var i = 0; i < count; i++)
        {
            var top = Task("test/add", "top", TaskMeta.Empty, i, 1);
            var left = Task("test/add", "left", TaskMeta.Empty, Ok(top), 10);
            var right = Task("test/add", "right", TaskMeta.Empty, Ok(top), 100);
            tasks.AddRange([top, left, right, Task("test/add", "bottom", TaskMeta.Empty, Ok(left), Ok(right))]);
        }

        return new Workflow(tasks);
    }

    private static DurableWorkerOptions Options(string id, params string[] labels)
    {
        var options = new DurableWorkerOptions { WorkerId = id, Concurrency = 4, PollInterval = TimeSpan.FromMilliseconds(5), LeaseDuration = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(1) };
        foreach (var label in labels)
        {
            options.Labels.Add(label);
        }

        return options;
    }

    private DurableWorker Worker(string id, params string[] labels)
    {
        var ops = new OpRegistry().AddTestOps();
        ops.Register("test/echo", EffectClass.Pure, c =>
        {
            _ranOn.GetOrAdd(id, _ => []).Add(c.Task.InstructionCid);
            return TaskResult.Ok(c.Input is IpldMap m && m.GetValueOrDefault("args") is IpldList { Count: > 0 } a ? a[0] : c.Input);
        });
        return new DurableWorker(_store, _queue, ops, Options(id, labels));
    }

    private static async Task<RunRecord> RunWorkersUntilAsync(string runId, DurableWorker first, params DurableWorker[] others)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var rest = others.Select(w => w.RunAsync(stop.Token)).ToArray();
        try
        {
            return await first.RunUntilFinishedAsync(runId, stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await System.Threading.Tasks.Task.WhenAll(rest);
        }
    }
}
