using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Wasm;

/// <summary>wasm/run tasks inside a workflow: promises feed results to the next task, and a second run replays.</summary>
public sealed class WasmWorkflowTests
{
    [Fact]
    public async Task Add_then_multiply_then_greet_runs_and_a_second_run_is_all_replayed()
    {
        var wasm = new WasmTaskHarness();
        var add = WasmTaskHarness.Task(wasm.Math, "add", TaskMeta.Create(fuel: 1_000_000), 1L, 2L);
        var multiply = WasmTaskHarness.Task(wasm.Math, "multiply", TaskMeta.Create(fuel: 1_000_000), TestWorkflows.Ok(add), 14L);
        var greet = WasmTaskHarness.Task(wasm.Text, "greet", TaskMeta.Create(fuel: 1_000_000), "ipvm", TestWorkflows.Ok(multiply));
        var workflow = new Workflow([add, multiply, greet]);
        var engine = new DurableEngine(wasm.Store, wasm.Ops, new DurableEngineOptions { MaxParallelism = 2 });

        var first = await engine.RunAsync(workflow);
        var second = await engine.RunAsync(workflow);

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(["ok 3", "ok 42", "ok \"ipvm x42\""], first.Tasks.Select(t => t.Receipt!.Out.ToString()));
        Assert.All(first.Tasks, t => Assert.False(t.Replayed));
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.All(second.Tasks, t => Assert.True(t.Replayed));
    }

    [Fact]
    public async Task A_trapping_task_fails_the_run_and_its_dependent_without_crashing_the_host()
    {
        var wasm = new WasmTaskHarness();
        var divide = WasmTaskHarness.Task(wasm.Math, "divide", null, 1L, 0L);
        var next = WasmTaskHarness.Task(wasm.Math, "add", null, TestWorkflows.Ok(divide), 1L);
        var engine = new DurableEngine(wasm.Store, wasm.Ops, new DurableEngineOptions { MaxParallelism = 2 });

        var result = await engine.RunAsync(new Workflow([divide, next]));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(1, result.Tasks[0].Attempts);
        Assert.Equal("IntegerDivisionByZero", result.Tasks[0].Receipt!.Out.Value.AsMap()["trap"].AsString());
    }

    [Fact]
    public async Task A_module_looping_without_a_fuel_limit_is_stopped_by_meta_time_with_a_timeout_receipt()
    {
        var wasm = new WasmTaskHarness();
        var spin = WasmTaskHarness.Task(wasm.Math, "spin", TaskMeta.Create(time: TimeSpan.FromMilliseconds(200)), 0L);
        var next = WasmTaskHarness.Task(wasm.Math, "add", null, TestWorkflows.Ok(spin), 1L);
        var engine = new DurableEngine(wasm.Store, wasm.Ops, new DurableEngineOptions { MaxParallelism = 2 });

        // Only a liveness bound: without interruption the run never ends.
        var result = await engine.RunAsync(new Workflow([spin, next])).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(TaskState.Failed, result.Tasks[0].State);
        Assert.Equal(1, result.Tasks[0].Attempts);
        var receipt = result.Tasks[0].Receipt!;
        Assert.False(receipt.Out.IsOk);
        Assert.Equal("timed out after 200 ms (meta.time)", receipt.Out.Describe());
    }
}
