using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Tests.Wasm;

/// <summary>
/// The example modules (examples/wasm, built by its build.sh) in an in-memory block store, and a way to run
/// one wasm/run task through the registered handler as the scheduler would.
/// </summary>
internal sealed class WasmTaskHarness
{
    public WasmTaskHarness(WasmModuleRegistry? named = null)
    {
        Store = new InMemoryDurableStore();
        Math = Add(Example("math.wasm"));
        Text = Add(Example("text.wasm"));
        WasmRunOp.Register(Ops, Store, named);
    }

    public InMemoryDurableStore Store { get; }

    public OpRegistry Ops { get; } = new();

    /// <summary>ipfs:// URI of math.wasm.</summary>
    public string Math { get; }

    /// <summary>ipfs:// URI of text.wasm.</summary>
    public string Text { get; }

    public static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "examples", "wasm", name));

    /// <summary>Stores <paramref name="module"/> as a raw block (as `ipvm add` does) and returns its ipfs:// URI.</summary>
    public string Add(byte[] module)
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, module);
        Store.PutBlockAsync(cid, module).AsTask().GetAwaiter().GetResult();
        return "ipfs://" + cid;
    }

    public static WorkflowTask Task(string rsc, string func, TaskMeta? meta, params IpldValue[] args) =>
        new(new Instruction(rsc, WasmRunOp.Op, IpldMap.Create(("args", IpldList.Create(args)), ("func", func))), meta);

    public Task<TaskResult> RunAsync(string rsc, string func, params IpldValue[] args) => RunAsync(Task(rsc, func, null, args));

    public async Task<TaskResult> RunAsync(WorkflowTask task, IpldValue? input = null, CancellationToken cancellationToken = default)
    {
        Assert.True(Ops.TryGet(WasmRunOp.Op, out var op));
        Assert.Equal(EffectClass.Pure, op.EffectClass);
        var context = new OpContext("run", task, input ?? task.Run.Input, 1, null, TimeProvider.System, cancellationToken);
        return await op.Handler(context);
    }
}
