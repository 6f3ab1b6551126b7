using Ipvm.Durable.Ipld;
using Ipvm.Durable.Tests.Engine;

namespace Ipvm.Durable.Tests.Replay;

/// <summary>
/// A store whose commits are readable before they are durable (<see cref="IRunStore.WhenDurableAsync"/>): no idempotent
/// or effectful task starts until what the store committed is durable, a pure one need not wait, and a failed sync
/// parks the run without starting the effect.
/// </summary>
public sealed class EffectDurabilityTests : IAsyncDisposable
{
    private static readonly TaskDescriptor Stamp = new("Stamp", DotnetTaskRegistry.Op, "dotnet:Tests/EffectDurability.Stamp@v1", EffectClass.Idempotent);
    private static readonly TaskDescriptor Double = new("Double", DotnetTaskRegistry.Op, "dotnet:Tests/EffectDurability.Double@v1", EffectClass.Pure);

    private readonly RecordingStore _store = new(new InMemoryDurableStore()) { Durability = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
    private readonly TaskCompletionSource _doubled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkflowRuntime _runtime;
    private int _stamps;

    public EffectDurabilityTests()
    {
        var engine = new DurableEngine(_store, new OpRegistry(), new DurableEngineOptions { MaxParallelism = 2, ControlPollInterval = TimeSpan.Zero });
        _runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), new InMemoryWorkflowJournal());
        _runtime.Tasks.Add(Stamp, (x, _) =>
        {
            Interlocked.Increment(ref _stamps);
            return ValueTask.FromResult<IpldValue>(x.AsInt64() + 1);
        });
        _runtime.Tasks.Add(Double, (x, _) => ValueTask.FromResult<IpldValue>(x.AsInt64() * 2));
        _runtime.AddWorkflow(WorkflowHarness.Workflow("DoubleThenStamp", EffectClass.Effectful, async (ctx, x) =>
        {
            var doubled = await WorkflowHarness.CallAsync(ctx, Double, x);
            _doubled.TrySetResult();
            return await WorkflowHarness.CallAsync(ctx, Stamp, doubled);
        }));
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task An_idempotent_task_starts_only_once_what_the_store_committed_is_durable()
    {
        var run = _runtime.RunAsync("DoubleThenStamp", 3L);

        // The pure call ran without waiting; the idempotent one is submitted by now: give it every chance to start.
        await _doubled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(100);
        Assert.Equal(0, Volatile.Read(ref _stamps));
        Assert.False(run.IsCompleted);

        _store.Durability!.SetResult();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(7L, result.Output!.AsInt64());
        Assert.Equal(1, _stamps);
    }

    [Fact]
    public async Task A_failed_sync_parks_the_run_and_starts_no_effect()
    {
        var run = _runtime.RunAsync("DoubleThenStamp", 3L);
        await _doubled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        _store.Durability!.SetException(new IOException("the disk went away"));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Contains("the disk went away", result.Error);
        Assert.Equal(0, _stamps);
    }

    [Fact]
    public async Task A_park_stays_a_park_while_its_status_is_being_written()
    {
        // The engine parks the run and writes the status; the workflow's pending call fails meanwhile. The workflow
        // runtime must report the park, not take the failed call for the workflow failing.
        _store.StatusWriteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = _runtime.RunAsync("DoubleThenStamp", 3L);
        await _doubled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _store.Durability!.SetException(new IOException("the disk went away"));

        await Task.Delay(200);
        _store.StatusWriteGate.SetResult();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Equal(RunStatus.Parked, (await _store.GetRunAsync(result.RunId!))!.Status);
        Assert.DoesNotContain(RunStatus.Failed, _store.StatusWrites);
    }
}
