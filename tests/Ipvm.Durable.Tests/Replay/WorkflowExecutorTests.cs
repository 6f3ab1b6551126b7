using Ipvm.Durable.Ipld;
using Ipvm.Durable.Replay;

namespace Ipvm.Durable.Tests.Replay;

public sealed class WorkflowExecutorTests
{
    private static readonly Cid SomeCid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, [1]);

    [Fact]
    public async Task Outcomes_reach_workflow_code_in_issue_order_whatever_order_they_arrive_in()
    {
        using var executor = new WorkflowExecutor();
        var first = new PendingOperation("first", SomeCid);
        var second = new PendingOperation("second", SomeCid);
        var seen = new List<string>();

        var run = executor.RunAsync(
            async () =>
            {
                executor.Track(first);
                executor.Track(second);
                await Task.WhenAll(Observe(first), Observe(second));
                return seen.Count;
            },
            CancellationToken.None);

        second.SetValue("b", recorded: false);
        executor.Signal();
        await Task.Delay(50);
        Assert.Empty(seen); // the second outcome waits for the first, which was issued earlier
        first.SetValue("a", recorded: false);
        executor.Signal();

        Assert.Equal(2, await run);
        Assert.Equal(["first", "second"], seen);

        async Task Observe(PendingOperation operation)
        {
            await operation.Task;
            seen.Add(operation.Name);
        }
    }

    [Fact]
    public async Task Awaiting_Task_Delay_fails_with_a_NonDeterminismException_naming_it_and_the_method()
    {
        using var executor = new WorkflowExecutor();

        var error = await Assert.ThrowsAsync<NonDeterminismException>(() => executor.RunAsync(WaitsForADelayAsync, CancellationToken.None));

        Assert.Contains("Task.Delay", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(WaitsForADelayAsync), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_continuation_from_another_thread_is_caught_even_while_context_work_is_pending()
    {
        using var executor = new WorkflowExecutor();
        var pending = new PendingOperation("never", SomeCid);
        var external = new TaskCompletionSource<int>();

        var run = executor.RunAsync(
            async () =>
            {
                executor.Track(pending);
                await external.Task;
                return 0;
            },
            CancellationToken.None);
        external.SetResult(1); // completes on this thread, outside any turn

        var error = await Assert.ThrowsAsync<NonDeterminismException>(() => run);

        Assert.Contains("outside the WorkflowContext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_Yield_and_WhenAll_over_context_operations_stay_deterministic()
    {
        using var executor = new WorkflowExecutor();
        var a = new PendingOperation("a", SomeCid);
        var b = new PendingOperation("b", SomeCid);
        a.SetValue(1L, recorded: true);
        b.SetValue(2L, recorded: true);

        var sum = await executor.RunAsync(
            async () =>
            {
                await Task.Yield();
                executor.Track(a);
                executor.Track(b);
                var values = await Task.WhenAll(a.Task, b.Task);
                return values.Sum(v => v.AsInt64());
            },
            CancellationToken.None);

        Assert.Equal(3, sum);
    }

    private static async Task<int> WaitsForADelayAsync()
    {
        await Task.Delay(TimeSpan.FromMinutes(5));
        return 0;
    }
}
