using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Engine;

public class FailureTests : EngineTestBase
{
    [Fact]
    public async Task Failing_handler_writes_an_error_receipt_and_await_ok_fails_the_dependent_naming_the_cause()
    {
        var fail = T("test/fail", "boom");
        var dependent = T("count/add", TestWorkflows.Ok(fail));

        var result = await Engine.RunAsync(new Workflow([fail, dependent]));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(TaskState.Failed, result.Tasks[0].State);
        Assert.Equal("boom", result.Tasks[0].Receipt!.Out.Describe());
        var error = result.Tasks[1].Receipt!.Out;
        Assert.False(error.IsOk);
        Assert.Equal(new IpldLink(fail.InstructionCid), error.Value.AsMap()["cause"]);
        Assert.Contains("boom", error.Describe(), StringComparison.Ordinal);
        Assert.Equal(0, ExecutionCount);
        Assert.Contains("task 0", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Await_error_runs_only_on_failure_and_await_star_gets_the_whole_result()
    {
        var fail = T("test/fail", "boom");
        var ok = T("test/echo", "fine");
        var onError = T("test/echo", TestWorkflows.Await(fail, "await/error"));
        var skipped = T("test/echo", TestWorkflows.Await(ok, "await/error"));
        var whole = T("test/echo", TestWorkflows.Await(fail, "await/*"));
        var wholeOk = T("test/echo", TestWorkflows.Await(ok, "await/*"));

        var result = await Engine.RunAsync(new Workflow([fail, ok, onError, skipped, whole, wholeOk]));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(IpldMap.Create(("message", "boom")), result.Tasks[2].Receipt!.Out.Value);
        Assert.Equal(TaskState.Skipped, result.Tasks[3].State);
        Assert.Null(result.Tasks[3].Receipt);
        Assert.Equal(IpldMap.Create(("error", IpldMap.Create(("message", "boom")))), result.Tasks[4].Receipt!.Out.Value);
        Assert.Equal(IpldMap.Create(("ok", "fine")), result.Tasks[5].Receipt!.Out.Value);
    }

    [Fact]
    public async Task Await_error_on_a_success_is_skipped_and_the_run_still_completes()
    {
        var ok = T("test/echo", "fine");
        var result = await Engine.RunAsync(new Workflow([ok, T("test/echo", TestWorkflows.Await(ok, "await/error"))]));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(TaskState.Skipped, result.Tasks[1].State);
    }

    [Fact]
    public async Task Idempotent_op_is_retried_with_backoff_until_it_succeeds()
    {
        var calls = 0;
        Ops.Register("test/flaky", EffectClass.Idempotent, c => Interlocked.Increment(ref calls) < 3
            ? throw new IOException("transient")
            : TaskResult.Ok(c.Attempt));

        var result = await Engine.RunAsync(new Workflow([T("test/flaky", 1)]));

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(3, result.Tasks[0].Attempts);
        Assert.Equal(IpldInteger.From(3), result.Tasks[0].Receipt!.Out.Value);
    }

    [Fact]
    public async Task Exhausted_retries_park_the_run_with_the_last_error_and_resume_retries_only_that_task()
    {
        var broken = true;
        Ops.Register("test/flaky", EffectClass.Idempotent, _ => Volatile.Read(ref broken) ? throw new IOException("disk on fire") : TaskResult.Ok("fixed"), maxAttempts: 2);
        var first = T("count/add", 1);
        var flaky = T("test/flaky", TestWorkflows.Ok(first));

        var parked = await Engine.RunAsync(new Workflow([first, flaky]));

        Assert.Equal(RunStatus.Parked, parked.Status);
        Assert.Contains("disk on fire", parked.Error, StringComparison.Ordinal);
        Assert.Equal(2, parked.Tasks[1].Attempts);
        Assert.Equal(RunStatus.Parked, (await Store.GetRunAsync(parked.RunId))!.Status);

        Volatile.Write(ref broken, false);
        var handle = await Engine.ResumeAsync(parked.RunId);
        var resumed = await handle.Completion;
        await handle.DisposeAsync();

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(1, ExecutionCount);
        Assert.Equal("fixed", resumed.Tasks[1].Receipt!.Out.Value.AsString());
    }

    [Fact]
    public async Task Effectful_op_is_never_retried_blindly()
    {
        var calls = 0;
        Ops.Register("test/charge", EffectClass.Effectful, TaskResult (_) => { Interlocked.Increment(ref calls); throw new IOException("gateway timeout"); });

        var result = await Engine.RunAsync(new Workflow([T("test/charge", 100)]));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Equal(1, calls);
        Assert.Contains("never retried blindly", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pure_op_is_retried_at_most_its_bound()
    {
        var calls = 0;
        Ops.Register("test/crashy", EffectClass.Pure, TaskResult (_) => { Interlocked.Increment(ref calls); throw new InvalidOperationException("bug"); });

        var result = await Engine.RunAsync(new Workflow([T("test/crashy", 1)]));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Equal(Engine.Options.PureMaxAttempts, calls);
    }

    [Fact]
    public async Task Meta_time_times_a_task_out_with_an_error_receipt()
    {
        Ops.Register("test/hang", EffectClass.Pure, async c =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, c.CancellationToken);
            return TaskResult.Ok(0);
        });
        var task = TestWorkflows.Task("test/hang", "hang", TaskMeta.Create(time: TimeSpan.FromMilliseconds(50)), 1);

        var result = await Engine.RunAsync(new Workflow([task]));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("timed out", result.Tasks[0].Receipt!.Out.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meta_time_ends_the_wait_for_a_handler_that_ignores_its_cancellation()
    {
        var release = new TaskCompletionSource<TaskResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Ops.Register("test/deaf", EffectClass.Idempotent, _ => new ValueTask<TaskResult>(release.Task));
        var task = TestWorkflows.Task("test/deaf", "deaf", TaskMeta.Create(time: TimeSpan.FromMilliseconds(50)), 1);

        var result = await Engine.RunAsync(new Workflow([task])).WaitAsync(TimeSpan.FromMinutes(2));
        release.SetResult(TaskResult.Ok(1)); // too late: the run has recorded the timeout

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("ignored its cancellation and was abandoned", result.Tasks[0].Receipt!.Out.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_effectful_handler_abandoned_at_its_deadline_parks_the_run_as_in_doubt()
    {
        Ops.Register("test/deaf-effect", EffectClass.Effectful, _ => new ValueTask<TaskResult>(new TaskCompletionSource<TaskResult>().Task));
        var task = TestWorkflows.Task("test/deaf-effect", "charge", TaskMeta.Create(time: TimeSpan.FromMilliseconds(50)), 1);

        var result = await Engine.RunAsync(new Workflow([task])).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(RunStatus.Parked, result.Status);
        Assert.Contains("its effect may still happen", result.Tasks[0].Receipt!.Out.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_task_is_recomputed_by_a_later_run_because_error_receipts_are_not_memo_hits()
    {
        var fail = T("test/fail", "x");
        await Engine.RunAsync(new Workflow([fail]));

        var again = await Engine.RunAsync(new Workflow([fail]));

        Assert.False(again.Tasks[0].Replayed);
    }

    [Fact]
    public async Task A_corrupted_receipt_is_reported_treated_as_absent_and_recomputed()
    {
        var reports = new List<string>();
        var store = new InMemoryDurableStore { CorruptionReported = reports.Add };
        Engine = new DurableEngine(store, Ops);
        var task = T("count/add", 7);
        var first = await Engine.RunAsync(new Workflow([task]));
        store.CorruptReceipt(first.Tasks[0].Receipt!.Cid);

        var second = await Engine.RunAsync(new Workflow([task]));

        Assert.False(second.Tasks[0].Replayed);
        Assert.Equal(2, ExecutionCount);
        Assert.NotEmpty(reports);
    }

    [Fact]
    public async Task Pause_and_cancel_stop_the_run()
    {
        var gate = new TaskCompletionSource<TaskResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Ops.Register("test/gate", EffectClass.Pure, _ => new ValueTask<TaskResult>(gate.Task));
        var g = T("test/gate", 1);
        var after = T("count/add", TestWorkflows.Ok(g));
        var handle = await Engine.StartAsync(new Workflow([g, after]));

        handle.Pause();
        gate.SetResult(TaskResult.Ok(1));

        var paused = await handle.Completion;
        await handle.DisposeAsync();
        Assert.Equal(RunStatus.Paused, paused.Status);
        Assert.Equal(TaskState.Pending, paused.Tasks[1].State);

        var resumed = await Engine.ResumeAsync(paused.RunId);
        Assert.Equal(RunStatus.Completed, (await resumed.Completion).Status);
        await resumed.DisposeAsync();

        Ops.Register("test/forever", EffectClass.Pure, async c => { await Task.Delay(Timeout.InfiniteTimeSpan, c.CancellationToken); return TaskResult.Ok(0); });
        var cancelled = await Engine.StartAsync(new Workflow([T("test/forever", 1)]));
        await Store.SetRunRequestAsync(cancelled.RunId, RunRequest.Cancel);
        Assert.Equal(RunStatus.Cancelled, (await cancelled.Completion).Status);
        await cancelled.DisposeAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Engine.ResumeAsync(cancelled.RunId));
    }
}
