using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests.Replay;
using Ipvm.Durable.Tests.Wasm;

namespace Ipvm.Durable.Tests.WasmWorkflows;

/// <summary>
/// <see cref="WorkflowContext.CallWasm"/> and <see cref="WorkflowContext.CallWasmAsync"/>: a workflow calls functions of
/// the example modules (examples/wasm) as wasm/run tasks, with the CIDs of examples/workflows/wasm-math.json.
/// </summary>
public sealed class WasmCallTests
{
    private static readonly WasmFunction Add = new(ModuleCid("math.wasm"), "add");
    private static readonly WasmFunction Multiply = new(ModuleCid("math.wasm"), "multiply");
    private static readonly WasmFunction Divide = new(ModuleCid("math.wasm"), "divide");
    private static readonly WasmFunction Greet = new(ModuleCid("text.wasm"), "greet");
    private static readonly WasmFunction Shout = new(ModuleCid("text.wasm"), "shout");
    private static readonly WasmFunction Reverse = new(ModuleCid("text.wasm"), "reverse");
    private static readonly string[] Functions = ["add", "greet", "multiply", "reverse", "shout"];

    [Fact]
    public async Task A_workflow_calls_wasm_functions_and_a_second_run_replays_them_from_their_receipts()
    {
        var (harness, runs) = Harness();
        var issued = new ConcurrentQueue<Cid>();
        harness.Runtime.AddWorkflow(MathAndText(issued, EffectClass.Effectful));

        var first = await harness.Runtime.RunAsync("MathAndText", IpldValue.Null);
        var afterFirst = runs.Count;
        var second = await harness.Runtime.RunAsync("MathAndText", IpldValue.Null);

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal("IPVM X42", first.Output!.AsList()[0].AsString());
        Assert.Equal([4, 3, 2, 1], first.Output!.AsList()[1].AsBytes().ToArray());
        Assert.Equal(Functions, runs.Order(StringComparer.Ordinal));
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(afterFirst, runs.Count);
        var calls = (await new WorkflowClient(harness.Runtime, harness.Engine).GetStatusAsync(second.RunId!)).Calls
            .Where(c => c.InstructionCid != second.InvocationCid).ToList();
        Assert.Equal(Functions, calls.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(calls, c => Assert.True(c.Replayed));
        Assert.Equal(issued.Take(5).Order(), calls.Select(c => c.InstructionCid).Order());
    }

    [Fact]
    public async Task Its_calls_are_the_instructions_of_the_equivalent_workflow_file_and_share_its_receipts()
    {
        var file = WorkflowReader.Read(File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "examples", "workflows", "wasm-math.json")));
        var (harness, runs) = Harness();
        var issued = new ConcurrentQueue<Cid>();
        harness.Runtime.AddWorkflow(MathAndText(issued, EffectClass.Pure));

        var fileRun = await harness.Engine.RunAsync(file);
        var ranForFile = runs.Count;
        var workflow = await harness.Runtime.RunAsync("MathAndText", IpldValue.Null);

        Assert.Equal(file.Tasks.Select(t => t.InstructionCid), issued);
        Assert.Equal(RunStatus.Completed, fileRun.Status);
        Assert.Equal(5, ranForFile);
        Assert.Equal(RunStatus.Completed, workflow.Status);
        Assert.Equal(IpldList.Create(fileRun.Tasks[3].Receipt!.Out.Value, fileRun.Tasks[4].Receipt!.Out.Value), workflow.Output);
        Assert.Equal(ranForFile, runs.Count);
    }

    [Fact]
    public async Task A_trap_is_a_TaskFailedException_the_workflow_can_catch()
    {
        var (harness, _) = Harness();
        harness.Runtime.AddWorkflow(new WorkflowDefinition("Divide", "dotnet:Tests/Divide@v1", EffectClass.Pure, async (ctx, _) =>
        {
            try
            {
                return await ctx.CallWasmAsync(Divide, 1, 0);
            }
            catch (TaskFailedException e)
            {
                return "caught: " + e.Message;
            }
        }));

        var result = await harness.Runtime.RunAsync("Divide", IpldValue.Null);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.StartsWith("caught: ", result.Output!.AsString(), StringComparison.Ordinal);
        Assert.Contains("IntegerDivisionByZero", result.Output!.AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wasm_function_s_meta_bounds_its_calls_without_changing_their_CIDs()
    {
        var (harness, runs) = Harness();
        var spin = new WasmFunction(ModuleCid("math.wasm"), "spin") { Meta = TaskMeta.Create(fuel: 10_000) };
        var issued = new ConcurrentQueue<Cid>();
        harness.Runtime.AddWorkflow(new WorkflowDefinition("Spin", "dotnet:Tests/Spin@v1", EffectClass.Pure, async (ctx, _) =>
        {
            try
            {
                return await Issue(issued, ctx.CallWasm(spin, 1)).Result;
            }
            catch (TaskFailedException e)
            {
                return e.Message;
            }
        }));

        var result = await harness.Runtime.RunAsync("Spin", IpldValue.Null);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Contains("OutOfFuel", result.Output!.AsString(), StringComparison.Ordinal);
        Assert.Equal(["spin"], runs);
        var plain = new Instruction(spin.Resource, WasmRunOp.Op, IpldMap.Create(("args", IpldList.Create(1)), ("func", "spin")), "");
        Assert.Equal(plain.Cid, Assert.Single(issued));
    }

    [Fact]
    public void A_wasm_function_names_its_module_as_ipvm_add_does()
    {
        var bytes = WasmTaskHarness.Example("math.wasm");

        Assert.Equal(Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, bytes), WasmFunction.ModuleCid(bytes));
        Assert.Equal("ipfs://" + Add.Module, Add.Resource);
        Assert.Equal("ipfs://bafkreiagboeuzgudqa7dzpaa2j54gal4n32x3hq4l2fnr6grmdg3mnr7di", Add.Resource);
    }

    // add(1, 2) → multiply(·, 14) → greet("ipvm", ·) → shout(·), and reverse(bytes 1 2 3 4), as
    // examples/workflows/wasm-math.json; records each call's CID and returns [shout, reverse].
    private static WorkflowDefinition MathAndText(ConcurrentQueue<Cid> issued, EffectClass effectClass) =>
        new("MathAndText", "dotnet:Tests/MathAndText@v1", effectClass, async (ctx, _) =>
        {
            var sum = Issue(issued, ctx.CallWasm(Add, 1, 2));
            var product = Issue(issued, ctx.CallWasm(Multiply, sum.Promise, 14));
            var greeting = Issue(issued, ctx.CallWasm(Greet, "ipvm", product.Promise));
            var shouted = Issue(issued, ctx.CallWasm(Shout, greeting.Promise));
            var reversed = Issue(issued, ctx.CallWasm(Reverse, new IpldBytes([1, 2, 3, 4])));
            return IpldList.Create(await shouted.Result, await reversed.Result);
        });

    private static TaskCall Issue(ConcurrentQueue<Cid> issued, TaskCall call)
    {
        issued.Enqueue(call.InstructionCid);
        return call;
    }

    // A workflow runtime with wasm/run over the harness's store, holding both example modules, counting each function run.
    private static (WorkflowHarness Harness, ConcurrentQueue<string> Runs) Harness()
    {
        var harness = new WorkflowHarness();
        foreach (var name in new[] { "math.wasm", "text.wasm" })
        {
            var bytes = WasmTaskHarness.Example(name);
            harness.Store.PutBlockAsync(WasmFunction.ModuleCid(bytes), bytes).AsTask().GetAwaiter().GetResult();
        }

        var runs = new ConcurrentQueue<string>();
        Assert.True(WasmRunOp.Register(new OpRegistry(), harness.Store).TryGet(WasmRunOp.Op, out var wasm));
        harness.Engine.Ops.Register(WasmRunOp.Op, EffectClass.Pure, context =>
        {
            runs.Enqueue(context.Input.AsMap()["func"].AsString());
            return wasm.Handler(context);
        });
        return (harness, runs);
    }

    private static Cid ModuleCid(string example) => WasmFunction.ModuleCid(WasmTaskHarness.Example(example));
}
