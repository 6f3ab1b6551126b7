using Ipvm.Durable.Ipld;
using Ipvm.Durable.Tests.Engine;

namespace Ipvm.Durable.Tests.Replay;

/// <summary>
/// A store that syncs after it commits (<see cref="IRunStore.CommitTasksAsync"/>): the workflow gets its result while
/// the sync is under way, but nothing it submits on that result starts before the result is durable, and a failed sync
/// parks the run without starting it.
/// </summary>
public sealed class EarlyHandOverTests : IAsyncDisposable
{
    private static readonly TaskDescriptor Stamp = new("Stamp", DotnetTaskRegistry.Op, "dotnet:Tests/EarlyHandOver.Stamp@v1", EffectClass.Idempotent);
    private static readonly TaskDescriptor Double = new("Double", DotnetTaskRegistry.Op, "dotnet:Tests/EarlyHandOver.Double@v1", EffectClass.Pure);

    private readonly RecordingStore _store = new(new InMemoryDurableStore()) { Durability = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
    private readonly TaskCompletionSource _sawFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkflowRuntime _runtime;
    private int _stamps;
    private int _doubles;

    public EarlyHandOverTests()
    {
        var engine = new DurableEngine(_store, new OpRegistry(), new DurableEngineOptions { MaxParallelism = 2, ControlPollInterval = TimeSpan.Zero });
        _runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), new InMemoryWorkflowJournal());
        _runtime.Tasks.Add(Stamp, (x, _) =>
        {
            Interlocked.Increment(ref _stamps);
            return ValueTask.FromResult<IpldValue>(x.AsInt64() + 1);
        });
        _runtime.Tasks.Add(Double, (x, _) =>
        {
            Interlocked.Increment(ref _doubles);
            return ValueTask.FromResult<IpldValue>(x.AsInt64() * 2);
        });
        _runtime.AddWorkflow(WorkflowHarness.Workflow("TwoStamps", EffectClass.Effectful, async (ctx, x) =>
        {
            var first = await WorkflowHarness.CallAsync(ctx, Stamp, x);
            _sawFirst.TrySetResult();
            return await WorkflowHarness.CallAsync(ctx, Stamp, first);
        }));
        _runtime.AddWorkflow(WorkflowHarness.Workflow("StampThenDouble", EffectClass.Effectful, async (ctx, x) =>
        {
            var first = await WorkflowHarness.CallAsync(ctx, Stamp, x);
            _sawFirst.TrySetResult();
            return await WorkflowHarness.CallAsync(ctx, Double, first);
        }));
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task The_workflow_sees_a_result_before_it_is_durable_and_its_next_task_starts_only_after()
    {
        var result = await RunSyncingAfterTheFirstResultAsync("TwoStamps", () => Assert.Equal(1, Volatile.Read(ref _stamps)));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(3L, result.Output!.AsInt64());
        Assert.Equal(2, _stamps);
    }

    [Fact]
    public async Task Even_a_pure_task_submitted_on_the_result_starts_only_once_the_result_is_recorded()
    {
        var result = await RunSyncingAfterTheFirstResultAsync("StampThenDouble", () => Assert.Equal(0, Volatile.Read(ref _doubles)));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(4L, result.Output!.AsInt64());
        Assert.Equal((1, 1), (_stamps, _doubles));
    }

    [Fact]
    public async Task A_failed_sync_parks_the_run_and_starts_nothing_submitted_on_the_result()
    {
        var run = _runtime.RunAsync("TwoStamps", 1L);
        await _sawFirst.Task.WaitAsync(TimeSpan.FromSeconds(30));

        _store.Durability!.SetException(new IOException("the disk went away"));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Contains("the disk went away", result.Error);
        Assert.Equal(1, _stamps);
    }

    /// <summary>Runs <paramref name="workflow"/>, checks <paramref name="beforeSync"/> once its second call is submitted on the unsynced first result, then syncs.</summary>
    private async Task<WorkflowRunResult> RunSyncingAfterTheFirstResultAsync(string workflow, Action beforeSync)
    {
        var run = _runtime.RunAsync(workflow, 1L);
        await _sawFirst.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The second call is submitted by now; give a worker every chance to start it (it must not).
        await Task.Delay(100);
        beforeSync();
        Assert.False(run.IsCompleted);

        _store.Durability!.SetResult();
        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
