using Ipvm.Durable.Ipld;
using Ipvm.Durable.Tests.Engine;

namespace Ipvm.Durable.Tests.Replay;

/// <summary>
/// What a workflow run looks up: a fresh run's idempotent and effectful calls name the run in their nonces, so nothing
/// can have recorded them and they are not looked up; its pure calls are, once; a resumed run looks up everything.
/// </summary>
public sealed class FreshRunLookupTests : IAsyncDisposable
{
    private static readonly TaskDescriptor Stamp = new("Stamp", DotnetTaskRegistry.Op, "dotnet:Tests/Lookups.Stamp@v1", EffectClass.Idempotent);
    private static readonly TaskDescriptor Double = new("Double", DotnetTaskRegistry.Op, "dotnet:Tests/Lookups.Double@v1", EffectClass.Pure);
    private static readonly TaskDescriptor Send = new("Send", DotnetTaskRegistry.Op, "dotnet:Tests/Lookups.Send@v1", EffectClass.Effectful);

    private readonly RecordingStore _store = new(new InMemoryDurableStore());
    private readonly WorkflowRuntime _runtime;
    private int _stamps;
    private int _doubles;
    private int _sends;
    private volatile bool _failAfterDouble;

    public FreshRunLookupTests()
    {
        var engine = new DurableEngine(_store, new OpRegistry(), new DurableEngineOptions { MaxParallelism = 2, ControlPollInterval = TimeSpan.Zero });
        _runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), new InMemoryWorkflowJournal());
        _runtime.Tasks.Add(Stamp, (x, _) => Counted(ref _stamps, x.AsInt64() + 1));
        _runtime.Tasks.Add(Double, (x, _) => Counted(ref _doubles, x.AsInt64() * 2));
        _runtime.Tasks.Add(Send, (x, _) => Counted(ref _sends, x));
        _runtime.AddWorkflow(WorkflowHarness.Workflow("StampDoubleSend", EffectClass.Effectful, async (ctx, x) =>
        {
            var stamped = await WorkflowHarness.CallAsync(ctx, Stamp, x);
            var doubled = await WorkflowHarness.CallAsync(ctx, Double, stamped);
            if (_failAfterDouble)
            {
                throw new InvalidOperationException("not yet");
            }

            return await WorkflowHarness.CallAsync(ctx, Send, doubled);
        }));
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private static ValueTask<IpldValue> Counted(ref int runs, IpldValue result)
    {
        Interlocked.Increment(ref runs);
        return ValueTask.FromResult(result);
    }

    [Fact]
    public async Task A_fresh_run_looks_up_only_its_pure_call_and_that_once()
    {
        var result = await _runtime.RunAsync("StampDoubleSend", 4L);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(10L, result.Output!.AsInt64());
        Assert.Equal(1, _store.SingleLookups);
        Assert.Equal((1, 1, 1), (_stamps, _doubles, _sends));
    }

    [Fact]
    public async Task A_resumed_run_looks_its_calls_up_and_replays_what_ran()
    {
        _failAfterDouble = true;
        var failed = await _runtime.RunAsync("StampDoubleSend", 4L);
        Assert.Equal(RunStatus.Failed, failed.Status);
        var lookupsBefore = _store.SingleLookups;

        _failAfterDouble = false;
        var resumed = await _runtime.ResumeAsync(failed.RunId!);

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(10L, resumed.Output!.AsInt64());
        Assert.Equal((1, 1, 1), (_stamps, _doubles, _sends));
        Assert.True(_store.SingleLookups >= lookupsBefore + 3, $"the resumed run looked up {_store.SingleLookups - lookupsBefore} calls");
    }

    [Fact]
    public async Task A_fresh_run_commits_its_own_receipt_and_its_completed_status_together()
    {
        var result = await _runtime.RunAsync("StampDoubleSend", 1L);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, _store.RunCompletions);
        Assert.DoesNotContain(RunStatus.Completed, _store.StatusWrites);
        var own = await _store.FindReceiptAsync(result.InvocationCid);
        Assert.Equal(4L, own!.Out.Value.AsInt64());
    }
}
