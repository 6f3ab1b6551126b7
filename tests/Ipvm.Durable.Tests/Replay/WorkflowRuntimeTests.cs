using Ipvm.Durable.Ipld;
using static Ipvm.Durable.Tests.Replay.WorkflowHarness;

namespace Ipvm.Durable.Tests.Replay;

public sealed class WorkflowRuntimeTests
{
    [Fact]
    public async Task A_workflow_runs_its_tasks_and_a_pure_one_returns_its_recorded_result_at_once()
    {
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("DoubleThenIncrement", EffectClass.Pure, async (ctx, x) =>
            await CallAsync(ctx, Increment, await CallAsync(ctx, Twice, x))));

        var first = await harness.Runtime.RunAsync("DoubleThenIncrement", 20L);
        var second = await harness.Runtime.RunAsync("DoubleThenIncrement", 20L);

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(41L, first.Output!.AsInt64());
        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Null(second.RunId);
        Assert.Equal(first.InvocationCid, second.InvocationCid);
        Assert.Equal(1, harness.Count("Twice"));
        Assert.Equal(1, harness.Count("Increment"));
    }

    [Fact]
    public async Task A_second_workflow_sharing_deterministic_steps_runs_only_its_own()
    {
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("A", EffectClass.Pure, async (ctx, x) => await CallAsync(ctx, Twice, x)));
        harness.Runtime.AddWorkflow(Workflow("B", EffectClass.Pure, async (ctx, x) => await CallAsync(ctx, Increment, await CallAsync(ctx, Twice, x))));

        await harness.Runtime.RunAsync("A", 5L);
        var b = await harness.Runtime.RunAsync("B", 5L);

        Assert.Equal(11L, b.Output!.AsInt64());
        Assert.Equal(1, harness.Count("Twice"));
        Assert.Equal(1, harness.Count("Increment"));
    }

    [Fact]
    public async Task Awaiting_Task_Delay_fails_the_run_with_a_NonDeterminismException_that_names_it()
    {
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("Sleepy", EffectClass.Effectful, async (ctx, x) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1));
            return await CallAsync(ctx, Twice, x);
        }));

        var result = await harness.Runtime.RunAsync("Sleepy", 1L);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("Task.Delay", result.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Failed, (await harness.Store.GetRunAsync(result.RunId!))!.Status);
        Assert.Equal(0, harness.Count("Twice"));
    }

    [Fact]
    public async Task Changed_code_that_asks_for_a_different_effect_parks_the_run_before_the_new_effect_starts()
    {
        var harness = new WorkflowHarness();
        var v1 = Workflow("Checkout", EffectClass.Effectful, async (ctx, x) =>
        {
            await CallAsync(ctx, Charge, x);
            throw new InvalidOperationException("crash after the charge");
        });
        harness.Runtime.AddWorkflow(v1);
        var first = await harness.Runtime.RunAsync("Checkout", 10L);
        Assert.Equal(RunStatus.Failed, first.Status);

        // The same run, resumed under changed code that charges another amount at the same position.
        var changed = new WorkflowRuntime(harness.Engine, harness.Runtime.Tasks, harness.Journal);
        changed.AddWorkflow(v1 with { Body = async (ctx, args) => (long)await CallAsync(ctx, Charge, args.AsInt64() * 2) });
        var resumed = await changed.ResumeAsync(first.RunId!);

        Assert.Equal(RunStatus.Parked, resumed.Status);
        Assert.Contains("effect position 0", resumed.Error, StringComparison.Ordinal);
        Assert.Single(harness.ChargeKeys);
        Assert.Equal(RunStatus.Parked, (await harness.Store.GetRunAsync(first.RunId!))!.Status);
    }

    [Fact]
    public async Task Changed_deterministic_steps_complete_on_resume_reusing_the_recorded_effect()
    {
        var harness = new WorkflowHarness();
        var v1 = Workflow("Order", EffectClass.Effectful, async (ctx, x) =>
        {
            var doubled = await CallAsync(ctx, Twice, x);
            await CallAsync(ctx, Charge, doubled);
            throw new InvalidOperationException("crash after the charge");
        });
        harness.Runtime.AddWorkflow(v1);
        var first = await harness.Runtime.RunAsync("Order", 4L);

        var changed = new WorkflowRuntime(harness.Engine, harness.Runtime.Tasks, harness.Journal);
        changed.AddWorkflow(v1 with
        {
            Body = async (ctx, args) =>
            {
                var doubled = await CallAsync(ctx, Twice, args.AsInt64());
                var extra = await CallAsync(ctx, Increment, 100); // a new deterministic step
                await CallAsync(ctx, Charge, doubled);
                return (long)(doubled + extra);
            },
        });
        var resumed = await changed.ResumeAsync(first.RunId!);

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(109L, resumed.Output!.AsInt64());
        Assert.Single(harness.ChargeKeys);
        Assert.Equal(1, harness.Count("Twice"));
    }

    [Fact]
    public async Task Guids_random_numbers_and_the_clock_are_the_same_on_replay()
    {
        var harness = new WorkflowHarness();
        var observed = new List<string>();
        harness.Runtime.AddWorkflow(Workflow("Values", EffectClass.Effectful, async (ctx, x) =>
        {
            observed.Add($"{ctx.NewGuid()} {ctx.Random.Next()} {ctx.UtcNow:O}");
            await CallAsync(ctx, Charge, x);
            observed.Add($"{ctx.NewGuid()} {ctx.Random.Next()} {ctx.UtcNow:O}");
            throw new InvalidOperationException("stop, to be resumed");
        }));

        var first = await harness.Runtime.RunAsync("Values", 1L);
        var firstRun = observed.ToArray();
        observed.Clear();
        await harness.Runtime.ResumeAsync(first.RunId!);

        Assert.Equal(firstRun, observed);
        Assert.NotEqual(firstRun[0].Split(' ')[0], firstRun[1].Split(' ')[0]);
        Assert.Single(harness.ChargeKeys);
    }

    [Fact]
    public async Task A_timer_fires_once_and_moves_the_workflow_clock_to_its_time()
    {
        var harness = new WorkflowHarness();
        DateTimeOffset before = default, after = default;
        harness.Runtime.AddWorkflow(Workflow("Timer", EffectClass.Effectful, async (ctx, x) =>
        {
            before = ctx.UtcNow;
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(30));
            after = ctx.UtcNow;
            return x;
        }));

        var result = await harness.Runtime.RunAsync("Timer", 7L);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(30), after - before);
    }

    [Fact]
    public async Task Events_are_consumed_once_each_in_order_and_a_wait_times_out_deterministically()
    {
        var harness = new WorkflowHarness();
        var received = new List<string>();
        harness.Runtime.AddWorkflow(Workflow("Shipping", EffectClass.Effectful, async (ctx, x) =>
        {
            received.Add(await ctx.WaitForEvent<string>("shipped"));
            received.Add(await ctx.WaitForEvent<string>("shipped"));
            try
            {
                received.Add(await ctx.WaitForEvent<string>("shipped", TimeSpan.FromMilliseconds(20)));
            }
            catch (TimeoutException)
            {
                received.Add("timeout");
            }

            throw new InvalidOperationException("stop, to be resumed");
        }));

        var runId = RunIds.Create(TimeProvider.System);
        await harness.Runtime.RaiseEventAsync(runId, "shipped", "parcel-1");
        await harness.Runtime.RaiseEventAsync(runId, "shipped", "parcel-2");
        var first = await harness.Runtime.RunAsync("Shipping", 0L, runId);
        var firstRun = received.ToArray();
        received.Clear();
        await harness.Runtime.RaiseEventAsync(runId, "shipped", "parcel-3"); // too late for the third wait
        await harness.Runtime.ResumeAsync(first.RunId!);

        Assert.Equal(["parcel-1", "parcel-2", "timeout"], firstRun);
        Assert.Equal(firstRun, received);
    }

    [Fact]
    public async Task Child_workflows_run_as_their_own_runs_and_replay_from_their_receipts()
    {
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("Pay", EffectClass.Effectful, async (ctx, x) => await CallAsync(ctx, Charge, x)));
        harness.Runtime.AddWorkflow(Workflow("Parent", EffectClass.Effectful, async (ctx, x) =>
        {
            var paid = await ctx.CallWorkflowAsync<long>("Pay", x);
            var again = await ctx.CallWorkflowAsync<long>("Pay", x + 1);
            if (!ctx.IsReplaying)
            {
                throw new InvalidOperationException("stop after the children, to be resumed");
            }

            return paid + again;
        }));

        var first = await harness.Runtime.RunAsync("Parent", 10L);
        var resumed = await harness.Runtime.ResumeAsync(first.RunId!);

        Assert.Equal(RunStatus.Failed, first.Status);
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(21L, resumed.Output!.AsInt64());
        Assert.Equal(2, harness.ChargeKeys.Count);
        Assert.Equal(RunStatus.Completed, (await harness.Store.GetRunAsync(first.RunId + ".0"))!.Status);
    }

    [Fact]
    public async Task A_call_can_take_an_earlier_call_as_a_promise_and_its_instruction_keeps_the_promise()
    {
        var harness = new WorkflowHarness();
        Cid? second = null;
        harness.Runtime.AddWorkflow(Workflow("Dataflow", EffectClass.Pure, async (ctx, x) =>
        {
            var doubled = ctx.CallTask(Twice, x);
            var incremented = ctx.CallTask(Increment, doubled.Promise); // issued before the first completes
            second = incremented.InstructionCid;
            return (await incremented.Result).AsInt64();
        }));

        var result = await harness.Runtime.RunAsync("Dataflow", 20L);

        Assert.Equal(41L, result.Output!.AsInt64());
        var expected = new Instruction(
            Increment.Resource,
            Increment.Op,
            IpldMap.Create(("args", IpldMap.Create(("await/ok", new IpldLink(new Instruction(Twice.Resource, Twice.Op, IpldMap.Create(("args", 20L), ("func", "Twice")), new IpldString("")).Cid)))), ("func", "Increment")),
            new IpldString(""));
        Assert.Equal(expected.Cid, second);
        Assert.NotNull(await harness.Store.FindReceiptAsync(expected.Cid));
    }

    [Fact]
    public async Task Each_dotnet_task_keeps_its_effect_class_an_idempotent_one_is_retried_an_effectful_one_is_not()
    {
        var harness = new WorkflowHarness();
        var flaky = new TaskDescriptor("Flaky", DotnetTaskRegistry.Op, "dotnet:Tests/Io.Flaky@v1", EffectClass.Idempotent);
        var fragile = new TaskDescriptor("Fragile", DotnetTaskRegistry.Op, "dotnet:Tests/Io.Fragile@v1", EffectClass.Effectful);
        var attempts = new List<int>();
        harness.AddTask(flaky, (x, effect) =>
        {
            attempts.Add(effect.Attempt);
            return effect.Attempt < 3 ? throw new IOException("the network blinked") : x;
        });
        harness.AddTask(fragile, (_, _) => throw new IOException("the mail server hung up"));
        harness.Runtime.AddWorkflow(Workflow("Retries", EffectClass.Effectful, async (ctx, x) => await CallAsync(ctx, flaky, x)));
        harness.Runtime.AddWorkflow(Workflow("NoRetry", EffectClass.Effectful, async (ctx, x) => await CallAsync(ctx, fragile, x)));

        var retried = await harness.Runtime.RunAsync("Retries", 5L);
        var notRetried = await harness.Runtime.RunAsync("NoRetry", 5L);

        Assert.Equal(RunStatus.Completed, retried.Status);
        Assert.Equal([1, 2, 3], attempts);
        Assert.NotEqual(RunStatus.Completed, notRetried.Status);
        Assert.Equal(1, harness.Count("Fragile"));
    }
}
