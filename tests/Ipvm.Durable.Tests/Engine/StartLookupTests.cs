using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Tests.Engine;

/// <summary>The batched memo look-up when a run starts or resumes, and what it spares.</summary>
public sealed class StartLookupTests : IAsyncDisposable
{
    private readonly RecordingStore _store = new(new InMemoryDurableStore());
    private readonly OpRegistry _ops = new OpRegistry().AddTestOps();
    private readonly DurableEngine _engine;

    public StartLookupTests() =>
        _engine = new DurableEngine(_store, _ops, new DurableEngineOptions { MaxParallelism = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), ControlPollInterval = TimeSpan.Zero });

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_run_looks_up_every_task_in_one_batch_and_pure_tasks_not_again()
    {
        var workflow = TestWorkflows.Chain(30, "test/add");

        var result = await _engine.RunAsync(workflow);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, _store.BatchedLookups);
        Assert.Equal(0, _store.SingleLookups);
    }

    [Fact]
    public async Task Idempotent_tasks_are_still_looked_up_just_before_they_run()
    {
        var workflow = new Workflow([TestWorkflows.Task("test/count", 1), TestWorkflows.Task("test/count", 2)]);

        await _engine.RunAsync(workflow);

        Assert.Equal(2, _store.SingleLookups);
    }

    [Fact]
    public async Task A_second_run_replays_everything_in_one_commit_and_reports_each_task()
    {
        var workflow = TestWorkflows.Chain(25, "test/add");
        var first = await _engine.RunAsync(workflow);
        _store.Completions.Clear();
        var events = new ConcurrentBag<TaskEvent>();

        var second = await _engine.RunAsync(workflow, new RunOptions { OnTaskEvent = events.Add });

        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.All(second.Tasks, t => Assert.True(t.Replayed));
        Assert.Equal(first.Tasks.Select(t => t.Receipt!.Cid), second.Tasks.Select(t => t.Receipt!.Cid));
        Assert.Equal(25, _store.Completions.Count);
        Assert.All(_store.Completions, c => Assert.Null(c.Receipt)); // the receipts are in the store already
        Assert.Equal(Enumerable.Range(0, 25), events.Select(e => e.Index).Order());
        Assert.All(events, e => Assert.True(e.Replayed && e.State == TaskState.Succeeded));
        var records = await _store.GetTasksAsync(second.RunId);
        Assert.All(records, r => Assert.True(r.Replayed && r.State == TaskState.Succeeded && r.ReceiptCid is not null));
    }

    [Fact]
    public async Task Resume_does_not_rewrite_records_of_tasks_already_succeeded_in_the_run()
    {
        var broken = true;
        _ops.Register("test/flaky", EffectClass.Idempotent, _ => Volatile.Read(ref broken) ? throw new IOException("not yet") : TaskResult.Ok("fixed"), maxAttempts: 1);
        var a = TestWorkflows.Task("test/add", 1);
        var b = TestWorkflows.Task("test/add", 2);
        var flaky = TestWorkflows.Task("test/flaky", TestWorkflows.Ok(a), TestWorkflows.Ok(b));
        var parked = await _engine.RunAsync(new Workflow([a, b, flaky]));
        Assert.Equal(RunStatus.Parked, parked.Status);
        var before = await _store.GetTasksAsync(parked.RunId);
        _store.Completions.Clear();

        Volatile.Write(ref broken, false);
        await using var handle = await _engine.ResumeAsync(parked.RunId);
        var resumed = await handle.Completion;

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal([2], _store.Completions.Select(c => c.Record.Index));
        var after = await _store.GetTasksAsync(parked.RunId);
        Assert.Equal(before.Take(2), after.Take(2));
        Assert.Equal(new IpldString("fixed"), resumed.Tasks[2].Receipt!.Out.Value);
    }
}
