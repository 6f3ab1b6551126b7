using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Tests.Engine;

/// <summary>How a run's end is recorded: in the commit of its last tasks when that commit completes it, on its own otherwise.</summary>
public sealed class RunEndTests : IAsyncDisposable
{
    private readonly RecordingStore _store = new(new InMemoryDurableStore());
    private readonly DurableEngine _engine;

    public RunEndTests() =>
        _engine = new DurableEngine(_store, new OpRegistry().AddTestOps(), new DurableEngineOptions { MaxParallelism = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), ControlPollInterval = TimeSpan.Zero });

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task The_commit_of_the_last_tasks_also_records_the_run_completed()
    {
        var result = await _engine.RunAsync(TestWorkflows.Chain(5));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, _store.RunCompletions);
        Assert.DoesNotContain(RunStatus.Completed, _store.StatusWrites);
        Assert.Equal(RunStatus.Completed, (await _store.GetRunAsync(result.RunId))!.Status);
        Assert.Equal(5, (await _store.GetTasksAsync(result.RunId)).Count(t => t.State == TaskState.Succeeded));
    }

    [Fact]
    public async Task A_run_with_a_failed_task_writes_its_status_on_its_own()
    {
        var result = await _engine.RunAsync(new Workflow([TestWorkflows.Task("test/add", 1), TestWorkflows.Task("test/fail", "no")]));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(0, _store.RunCompletions);
        Assert.Equal(RunStatus.Failed, _store.StatusWrites[^1]);
    }

    [Fact]
    public async Task When_the_commit_that_would_complete_the_run_fails_the_run_parks_saying_why()
    {
        _store.RunCompletionFailure = new IOException("the disk is full");

        var result = await _engine.RunAsync(TestWorkflows.Chain(3));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Contains("the disk is full", result.Error, StringComparison.Ordinal);
        var run = await _store.GetRunAsync(result.RunId);
        Assert.Equal(RunStatus.Parked, run!.Status);
        Assert.Contains("the disk is full", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dynamic_run_ends_with_the_commit_of_a_task_submitted_as_its_last()
    {
        await using var handle = await _engine.StartDynamicAsync();
        var scheduler = Assert.IsType<RunScheduler>(handle);
        var first = await handle.SubmitAsync(TestWorkflows.Task("test/add", 1, 2));

        var last = await scheduler.SubmitUnrecordedAsync(TestWorkflows.Task("test/count", 7), last: true, CancellationToken.None);
        var result = await handle.Completion;

        Assert.Equal(3L, first.Out.Value.AsInt64());
        Assert.True(last.Out.IsOk);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, _store.RunCompletions);
        Assert.DoesNotContain(RunStatus.Completed, _store.StatusWrites);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await handle.SubmitAsync(TestWorkflows.Task("test/add", 5)));
    }
}
