using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Engine;

public class SchedulerTests : EngineTestBase
{
    [Fact]
    public async Task Chain_runs_in_dependency_order_and_completes()
    {
        var a = T("count/add", 1, 2);
        var b = T("count/add", TestWorkflows.Ok(a), 10);
        var c = T("count/add", TestWorkflows.Ok(b), TestWorkflows.Ok(a));

        var result = await Engine.RunAsync(new Workflow([c, b, a]));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(IpldInteger.From(16), result.Tasks[0].Receipt!.Out.Value);
        Assert.All(result.Tasks, t => Assert.False(t.Replayed));
        Assert.Equal(3, ExecutionCount);
    }

    [Fact]
    public async Task A_second_run_replays_every_task_from_receipts()
    {
        var workflow = TestWorkflows.Chain(20, "count/add");
        var first = await Engine.RunAsync(workflow);

        var second = await Engine.RunAsync(workflow);

        Assert.Equal(20, ExecutionCount);
        Assert.All(second.Tasks, t => Assert.True(t.Replayed));
        Assert.Equal(first.Tasks.Select(t => t.Receipt!.Cid), second.Tasks.Select(t => t.Receipt!.Cid));
        var records = await Store.GetTasksAsync(second.RunId);
        Assert.All(records, r => Assert.True(r.Replayed));
    }

    [Fact]
    public async Task A_workflow_sharing_a_prefix_runs_only_what_it_does_not_share()
    {
        var crop = TestWorkflows.Task("count/add", "crop", TaskMeta.Empty, 1);
        var rotate = TestWorkflows.Task("count/add", "rotate90", TaskMeta.Empty, TestWorkflows.Ok(crop), 2);
        var blur = TestWorkflows.Task("count/add", "blur", TaskMeta.Empty, TestWorkflows.Ok(rotate), 3);
        var gray = TestWorkflows.Task("count/add", "grayscale", TaskMeta.Empty, TestWorkflows.Ok(rotate), 4);
        await Engine.RunAsync(new Workflow([crop, rotate, blur]));

        var second = await Engine.RunAsync(new Workflow([crop, rotate, gray]));

        Assert.Equal([true, true, false], second.Tasks.Select(t => t.Replayed));
        Assert.Equal(4, ExecutionCount);
    }

    [Fact]
    public async Task A_task_starts_when_its_own_inputs_are_ready_without_waiting_for_a_batch()
    {
        var gate = new TaskCompletionSource<TaskResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Ops.Register("test/gate", EffectClass.Pure, _ => new ValueTask<TaskResult>(gate.Task));
        var slow = T("test/gate", 1);
        var b = T("count/add", 1);
        var c = T("count/add", TestWorkflows.Ok(b), 1);
        var cDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var handle = await Engine.StartAsync(new Workflow([slow, b, c]), new RunOptions
        {
            OnTaskEvent = e => { if (e.Index == 2 && e.State == TaskState.Succeeded) { cDone.TrySetResult(); } },
        });
        await cDone.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(handle.Completion.IsCompleted);
        gate.SetResult(TaskResult.Ok(0));
        Assert.Equal(RunStatus.Completed, (await handle.Completion).Status);
        await handle.DisposeAsync();
    }

    [Fact]
    public async Task Parallelism_is_bounded()
    {
        var running = 0;
        var max = 0;
        Ops.Register("test/track", EffectClass.Pure, async c =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref max, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return TaskResult.Ok(0);
        });

        var result = await Engine.RunAsync(TestWorkflows.Independent(200, "test/track"));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.InRange(max, 1, 2);
    }

    [Fact]
    public async Task Tasks_can_be_submitted_while_the_run_runs_and_memo_hits_return_synchronously()
    {
        var handle = await Engine.StartDynamicAsync();
        var a = T("count/add", 5);
        var ra = await handle.SubmitAsync(a);
        var rb = await handle.SubmitAsync(T("count/add", TestWorkflows.Ok(a), 1));

        var again = handle.SubmitAsync(a.Run, a.Meta);

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(ra.Cid, (await again).Cid);
        Assert.Equal(IpldInteger.From(6), rb.Out.Value);
        handle.CompleteSubmissions();
        Assert.Equal(RunStatus.Completed, (await handle.Completion).Status);
        await handle.DisposeAsync();

        var other = await Engine.StartDynamicAsync();
        var hit = other.SubmitAsync(a.Run);
        Assert.True(hit.IsCompletedSuccessfully);
        await hit;
        Assert.Equal(2, ExecutionCount);
        other.CompleteSubmissions();
        await other.DisposeAsync();
    }

    [Fact]
    public async Task Submitting_an_await_of_nothing_known_is_rejected()
    {
        var handle = await Engine.StartDynamicAsync();
        var stranger = T("count/add", 99);

        var error = await Assert.ThrowsAsync<WorkflowValidationException>(async () => await handle.SubmitAsync(T("count/add", TestWorkflows.Ok(stranger))));

        Assert.Contains(stranger.InstructionCid.ToString(), error.Message, StringComparison.Ordinal);
        handle.CompleteSubmissions();
        await handle.DisposeAsync();
    }

    [Fact]
    public async Task Validation_rejects_unknown_ops_naming_the_task()
    {
        var workflow = new Workflow([T("count/add", 1), T("nope/op", 1)]);

        var error = await Assert.ThrowsAsync<WorkflowValidationException>(() => Engine.RunAsync(workflow));

        Assert.Equal(1, error.TaskIndex);
        Assert.Contains("nope/op", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_workflow_completes()
    {
        Assert.Equal(RunStatus.Completed, (await Engine.RunAsync(new Workflow([]))).Status);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
